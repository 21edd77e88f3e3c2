"""Full-text search behind one small interface, with SQLite FTS5 and PostgreSQL backends."""
