"""Role grants: a role on a unit covers its subtree; the grant page and its rules."""
