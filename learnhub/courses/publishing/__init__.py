"""Course versions: publishing (from files, the editor's draft or a zip), history and
diffs, archiving, course zips, and courses as a kind of `learnhub content`."""
