"""Markdown courses: the content format, versions, rendering and `learnhub content`."""
