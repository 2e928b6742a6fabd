"""Shared pieces every feature may use; depends on no feature."""
