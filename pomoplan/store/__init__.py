"""Storage: the SQLite log, its migrations and the saved running state."""
