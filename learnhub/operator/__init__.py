"""What an operator runs: demo data, the first administrator, backup and restore."""
