"""Question types: what a question is (`spec`), and how each type grades (`types`)."""
