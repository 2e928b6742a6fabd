"""知识竞赛: the list of contests and each contest's board."""
