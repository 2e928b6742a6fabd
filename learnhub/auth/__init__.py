"""Logging in and out, passwords, locks and the session version."""
