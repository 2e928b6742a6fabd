"""Units, members and role grants: the organisation everyone builds on."""
