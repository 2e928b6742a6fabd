"""In-app notifications (通知) for every feature, emailed too when SMTP is configured, and
`learnhub jobs run`, the command cron runs for the features' scheduled work."""
