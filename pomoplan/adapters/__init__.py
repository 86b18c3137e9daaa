"""Adapters at the edge: exports, notifications and hooks, the Markdown importer, sync."""
