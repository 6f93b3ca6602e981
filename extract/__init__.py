"""File → Document (pages, blocks, tables, provenance); later: claims and quantities."""
