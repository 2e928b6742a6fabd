"""Question file formats, each read by a pure function into `QuestionSpec`s and
`path:line` problems: our Markdown quiz format (docs/authoring.md, "测验 / Quizzes",
which can also be written back), and GIFT and Aiken, which other platforms export."""
