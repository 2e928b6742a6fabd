"""Member import: a roster file (CSV or XLSX) → a checked plan → preview → one apply, from
the admin pages or `learnhub members import`."""
