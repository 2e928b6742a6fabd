"""iCalendar for meetings: an `.ics` per meeting and a personal feed behind a secret URL
that calendar apps (Outlook, 手机日历) subscribe to without logging in."""
