"""Regrade: a corrected key applied to past attempts (preview, apply, ledger, audit)."""
