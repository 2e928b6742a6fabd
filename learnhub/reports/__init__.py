"""统计报表: what members of a manager's subtree have studied (required courses done, 学时
against the year's requirement), on a page, as CSV and XLSX, and from `learnhub report`.
Reads courses, transcripts and the ledger; writes nothing."""
