"""The append-only credit ledger; every view of progress reads it."""
