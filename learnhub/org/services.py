"""Old import path still used by courses/ (restructured in parallel, issue 9): remove once
courses imports learnhub.org.units.services."""

from learnhub.org.units.services import unit_by_code  # noqa: F401
