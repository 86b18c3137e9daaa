"""Textual UI: renders core state and wires keys to actions."""
