"""The demo organisation's year of meetings and its upcoming ones (`learnhub demo`)."""
