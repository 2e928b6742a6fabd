"""Importing question files (GIFT, Aiken; Markdown once wired) into a question bank:
one service for the command and the upload page, all or nothing."""
