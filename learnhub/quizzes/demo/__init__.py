"""The demo's quiz history (`learnhub demo`): a year of attempts on the sample quizzes and
the 2026 knowledge contest, written with the engine's rules so results, boards, item
analysis and the marking queue show believable patterns."""
