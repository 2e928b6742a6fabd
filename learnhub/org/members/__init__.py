"""Members: the scoped member list, member pages and the rules for creating, editing and
deactivating members."""
