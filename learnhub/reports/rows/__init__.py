"""The reports' rows: who must complete which course (required.py), completions and
credit-hours rows (completions.py, credits.py), and the fast CSV lines (csvlines.py)."""
