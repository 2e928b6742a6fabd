"""Question banks: storing questions as versions, whatever they were written in."""
