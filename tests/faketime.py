"""Where libfaketime is (Debian's faketime package), for tests that set the wall clock of a
real ``pomoplan`` process ahead or back; None where it is not installed."""

from __future__ import annotations

from pathlib import Path

FAKETIME = next(
    (
        p
        for p in (
            "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/faketime/libfaketime.so.1",
        )
        if Path(p).exists()
    ),
    None,
)
