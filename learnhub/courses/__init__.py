"""Markdown courses, one room per concern: format/ (the file format), publishing/
(versions), editor/ (the web editor), catalogue/, study/ (reading and progress) and
assignments/ (必修); the tables they share are in models.py."""
