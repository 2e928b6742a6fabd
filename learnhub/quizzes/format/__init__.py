"""Question file formats other platforms export (GIFT, Aiken), each read into
`QuestionSpec`s and `path:line` problems by a pure function."""
