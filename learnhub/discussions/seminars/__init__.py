"""专题研讨 (study seminars): a meeting of a seminar kind with its theme, preparation
documents, named speakers and members' written 心得; its conclusions and action items are
its minutes' decisions and action items (`discussions.minutes`)."""
