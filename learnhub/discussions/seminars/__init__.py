"""专题研讨 (study seminars): a meeting of a seminar kind with its theme, preparation
documents, named speakers, members' written 心得 and the recorder's conclusions."""
