"""Meeting kinds: the seeded defaults and the admin page that edits them."""
