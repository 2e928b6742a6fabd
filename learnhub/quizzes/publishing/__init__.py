"""Quiz files as a content kind (`learnhub content check|sync`) and `learnhub quiz`."""
