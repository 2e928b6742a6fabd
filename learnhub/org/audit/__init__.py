"""The audit log: `services.record_audit` records who changed what (every feature calls it);
the log page reads it."""
