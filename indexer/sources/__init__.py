"""Files to documents: finding source files, reading each format, metadata."""
