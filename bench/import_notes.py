"""Time and peak memory of ``pomoplan import`` on big and hostile notes (issue 13's cases).

Run: python bench/import_notes.py  (each case in its own process, one after another).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = {
    "5000-deep front matter": "---\na: "
    + "[" * 5000
    + "]" * 5000
    + "\n---\n**周一**：\n- 番茄1：读书\n",
    "100,000 lines": "# Plan\n## Week 1\n**Monday**:\n" + "- Pomodoro 1: read\n" * 100_000,
    "50,000 headings": "".join(f"### Week {i}\n" for i in range(50_000)),
    "5,000-line plan of 22,500 slots": "".join(
        f"## 第{w + 1}周\n**周一至周五**：\n"
        + "".join(f"- **番茄{i + 1}**（25分钟）：读第{w}-{i}章 [[笔记{i}]]\n" for i in range(30))
        + "**周六**：休息\n"
        for w in range(150)
    ),
    "4,990-line plan (largest accepted)": "**周一**：\n"
    + "".join(f"- 读第{i}章（2个番茄）\n" for i in range(4_000))
    + "".join(f"- [x] 第{i}章\n" for i in range(989)),
    "100,000 characters of *a": "**周一**：\n- " + "*a" * 49_990 + "\n",
    "100,000 characters of [": "**周一**：\n- " + "[" * 99_980 + "\n",
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in CASES.items():
            note = Path(tmp) / "note.md"
            note.write_text(text, encoding="utf-8")
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-m", "pomoplan", "import", str(note), "-o", str(Path(tmp) / "o")],
                capture_output=True,
                text=True,
                env={"POMOPLAN_HOME": tmp, "PATH": ""},
                check=False,
            )
            took = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            last = (out.stderr.strip().splitlines() or [""])[-1][:70]
            shown = f"{peak / 1024:.0f} MB" if peak > before else "<= previous"
            print(f"{name:36} exit {out.returncode}  {took:5.2f} s  peak {shown:>11}  {last}")


if __name__ == "__main__":
    main()
