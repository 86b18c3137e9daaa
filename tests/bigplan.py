"""A long calendar plan written as YAML, for tests of packing and caching a plan."""

from __future__ import annotations

from pathlib import Path

WEEKS = 120


def big_plan(tmp_path: Path) -> Path:
    lines = ["id: big", "title: Big", "kind: calendar", "track: Python", "weeks:"]
    for w in range(1, WEEKS + 1):
        lines += [f"  - title: Week {w}", "    goal: g", "    days:"]
        lines += ["      - days: mon-fri", "        title: study", "        blocks:"]
        lines += ["          - name: am", "            slots:"]
        for s in range(1, 4):
            lines += [f"              - title: Topic {w}.{s}", "                pomodoros: 2"]
        lines += [
            "                resources:",
            "                  - title: A book [1]",
            "                    kind: book",
            "                    url: https://example.org/b",
        ]
        lines += ["      - days: sun", "        rest: true", "        note: rest well"]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
