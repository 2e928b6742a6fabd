"""The learning transcript (学习档案): yearly requirements, offline training, the member's
transcript and its verifiable PDF, course certificates and closing a year. It reads the
ledger and writes to it only through `records.services`."""
