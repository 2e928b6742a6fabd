"""The trainers' view of quizzes: what they manage, results per quiz, each learner's
attempts, and item analysis. Read-only over the attempt tables (grading writes them)."""
