"""The context every command runs in: its language, its warnings, and the sync journal."""

from __future__ import annotations

import sys

from pomoplan.services.context import Context
from pomoplan.text.i18n import set_language
from pomoplan.text.safe import visible


def warn(message: str) -> None:
    """One line on stderr that does not stop the command."""
    print(f"pomoplan: warning: {visible(message)}", file=sys.stderr)


def cli_context() -> Context:
    """A Context for a command: the configured language, warnings on stderr, and, with
    ``sync_dir`` set, every log opened for writing appends to this device's journal."""
    ctx = Context(warn=warn)
    set_language(ctx.config.ui_language)
    if ctx.config.sync_dir is not None:
        from pomoplan.adapters.sync import attach

        ctx.on_open = attach(ctx.config.sync_dir, ctx.paths, warn)
    return ctx
