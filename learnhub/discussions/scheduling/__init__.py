"""Scheduling meetings (one-off or a series), member pages, RSVP and leave."""
