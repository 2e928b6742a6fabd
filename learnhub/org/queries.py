"""Old import path still used by courses/ (restructured in parallel, issue 9): remove once
courses imports learnhub.org.units.queries and learnhub.core.pagination."""

from learnhub.core.pagination import clamp_per_page, paginate  # noqa: F401
from learnhub.org.units.queries import active_units_in_scope  # noqa: F401
