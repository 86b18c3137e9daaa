"""The plan as a readable outline (weeks, days, blocks, slots, pomodoros) for ``import --dry-run``."""

from __future__ import annotations

from typing import Any

from pomoplan.adapters.importer.result import ImportResult


def outline(result: ImportResult) -> list[str]:
    """Lines of an indented outline of the imported plan; user text is returned as written."""
    spec = result.spec
    zh = spec.get("language") == "zh"
    lines = [f"{spec['title']} ({spec['id']}, {spec['kind']})"]
    if spec.get("description"):
        lines.append("  " + spec["description"].replace("\n", " "))
    if spec["kind"] == "self-paced":
        per_day = spec.get("daily_pomodoros", 8)
        lines.append(f"  {'每天' if zh else 'a day:'} {per_day} 🍅")
        for phase in spec["phases"]:
            lines.append(f"  {phase['title']}")
            for topic in phase["topics"]:
                lines.append(f"    {topic['title']}")
                lines += _slots(topic["slots"], "      ")
    else:
        for week in spec["weeks"]:
            lines.append(f"  {week['title']}")
            for day in week["days"]:
                head = f"    {day['days']}" + (f"  {day['title']}" if day.get("title") else "")
                if day.get("rest"):
                    head += "  " + ("休息" if zh else "rest")
                lines.append(head)
                if day.get("note"):
                    lines.append("      " + day["note"].replace("\n", " / "))
                for block in day.get("blocks", []):
                    lines.append(f"      {block['name']}")
                    lines += _slots(block["slots"], "        ")
    if spec.get("resources"):
        lines.append("  " + ("资源：" if zh else "Resources:"))
        lines += [f"    - {r['title']}" for r in spec["resources"]]
    return lines


def _slots(slots: list[dict[str, Any]], indent: str) -> list[str]:
    out = []
    for s in slots:
        mark = "✓ " if s.get("checkpoint") else ""
        out.append(f"{indent}{mark}{s['title']}  ×{s['pomodoros']}")
    return out
