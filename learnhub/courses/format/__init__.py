"""The course file format (docs/authoring.md): what a course is (`CourseContent`), reading
course folders with every problem as `path:line: message`, rendering their Markdown,
writing courses as files and zips, and the one check every surface runs."""
