"""Content as files, for every kind (courses, quizzes...): front matter with line numbers,
problems as `path:line: message`, the asset store, and `learnhub content check|sync`."""
