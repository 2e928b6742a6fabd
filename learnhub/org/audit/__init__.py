"""The audit log: `services.record_audit` records who changed what (every feature calls it);
the log page reads it."""

# Old import path still used by courses/ (restructured in parallel, issue 9): remove once
# courses imports learnhub.org.audit.services.
from learnhub.org.audit.services import record_audit  # noqa: F401
