"""pomoplan: a terminal pomodoro timer for people who study by a plan."""

__version__ = "0.1.0"
