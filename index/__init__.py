"""Documents and claims → searchable index; queries, filters, highlights."""
