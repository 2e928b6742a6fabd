"""练习 (practice from a bank) and 每日一练 (a few questions a day): immediate feedback,
no credit, no ranking."""
