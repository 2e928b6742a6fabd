"""The quiz web editor: the whole quiz file in a textarea, a preview as learners see it,
saving through the same publishing path as file sync, and publish / archive."""
