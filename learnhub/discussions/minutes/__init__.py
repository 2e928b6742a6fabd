"""Minutes (会议记录): the recorder's draft (attendance, topics, decisions, action items),
the host's approval that marks the meeting held and credits attendance, and reopening."""
