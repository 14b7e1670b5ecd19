"""The watch: revisiting stored articles to find edits, moves, takedowns and returns."""
