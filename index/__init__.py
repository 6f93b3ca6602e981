"""Documents & claims → searchable index; queries, filters, highlights."""
