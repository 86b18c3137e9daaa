"""Core: pure domain logic (clock, timer, curriculum, schedule, review); imports no Textual."""
