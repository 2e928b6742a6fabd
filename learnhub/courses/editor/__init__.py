"""The web editor (课程管理): who may edit a course, its one working draft and the pages
that change it (details, lessons, files), with previews rendered as publishing renders."""
