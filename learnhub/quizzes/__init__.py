"""Quizzes, question banks, practice and knowledge contests (知识竞赛)."""
