"""A member's standing on a quiz (by its grading method), the credit it gives, and the
course requirement it meets."""
