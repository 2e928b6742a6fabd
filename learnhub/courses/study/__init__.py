"""Studying a course: the learner's pages (我的课程, the course page, the lesson reader),
honest progress from heartbeats, the study-time rules, and completing a course."""
