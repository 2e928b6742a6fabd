"""Operator commands (learnhub demo, create-admin, backup, restore)."""

from learnhub.core.feature import Feature
from learnhub.operator.commands import (
    backup_command,
    create_admin_command,
    demo_command,
    restore_command,
)

FEATURE = Feature(
    name="operator",
    commands=(demo_command, create_admin_command, backup_command, restore_command),
)
