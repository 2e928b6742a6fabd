"""Scheduled group discussions: 三会一课, 主题党日, study seminars and the organisational life
meeting, from invitation to minutes."""
