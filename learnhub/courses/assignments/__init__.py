"""Who must take a course (必修) and by when: the audience rules a course carries, courses
assigned to a unit's subtree with a due date, each member's obligations, and the
trainer's view of the learners of a course."""
