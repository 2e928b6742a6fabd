"""The Markdown quiz format (docs/authoring.md, "测验 / Quizzes"): reading a quiz file
into settings and question specs, and writing specs back in the same format. Pure: no
database."""
