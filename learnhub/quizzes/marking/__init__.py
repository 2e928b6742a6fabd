"""Marking 心得: the queue of reflections a trainer reads and scores."""
