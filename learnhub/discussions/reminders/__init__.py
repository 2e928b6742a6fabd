"""What meetings tell their invitees: invitation, change, cancellation and reminder
notices, derived from the meetings' state by `learnhub jobs run`."""
