"""Taking a quiz: attempts that survive reloads, keep the server's deadline and grade once."""
