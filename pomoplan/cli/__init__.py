"""Command-line subcommands, each in its own module, imported lazily."""
