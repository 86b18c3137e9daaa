"""Hostile files through the installed command: exit 2, located one-line errors, no traceback.

Kept fast: ``validate`` takes many files in one process, and the few single-file cases run
side by side.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import subprocess
from pathlib import Path

from cli_run import run_main

BUNDLED = Path(__file__).resolve().parents[2] / "curricula"
GOOD = (Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml").read_text("utf-8")
LOCATED = re.compile(r"^.+:\d+:\d+: \S")
LOCATED_ON_STDERR = re.compile(r"^pomoplan: .+:\d+:\d+: \S")


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "en_US.UTF-8"}
    return run_main(args, env)


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


def alias_bomb() -> str:
    text = 'lol0: &lol0 "lol"\n'
    for i in range(1, 10):
        text += f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]\n"
    return text


HOSTILE_TEXT: dict[str, bytes] = {
    "alias-bomb": alias_bomb().encode(),
    "recursive-alias": b"title: x\nkind: calendar\nweeks: &w [*w]\n",
    "deep-lists": b"a: " + b"[" * 1000 + b"]" * 1000 + b"\n",
    "deep-maps": "".join("  " * i + "a:\n" for i in range(1000)).encode(),
    "binary": b"title: x\n\x00\x01\x02\x03\xff\xfe",
    "latin1": GOOD.replace("title: 小计划", "title: café").encode("latin-1", "replace"),
    "utf16": GOOD.encode("utf-16"),
    "empty": b"",
    "comments-only": b"# nothing\n# here\n",
    "top-level-list": b"- title: x\n- kind: calendar\n",
    "python-tag": b"title: !!python/object/apply:os.system ['echo pwned']\nkind: calendar\n",
    "duplicate-key": GOOD.replace("kind: calendar\n", "kind: calendar\ntitle: again\n").encode(),
    "tab": GOOD.replace("    days:", "\tdays:", 1).encode(),
    "control-char": GOOD.replace("小计划", "小\x07计划").encode(),
    "bad-date": GOOD.replace("title: 小计划", "title: 2024-13-45").encode(),
    "huge-number": GOOD.replace("focus: 20m", "focus: " + "9" * 5000).encode(),
    "infinite-focus": GOOD.replace("focus: 20m", "focus: .inf").encode(),
    "truncated": GOOD[: len(GOOD) // 2].encode(),
    "long-line": b"title: x\nkind: calendar\nweeks: [" + b"x, " * 200_000 + b"\n",
}
VALID_TEXT: dict[str, bytes] = {
    "bom": b"\xef\xbb\xbf" + GOOD.encode(),
    "crlf": GOOD.replace("\n", "\r\n").encode(),
    "line-separator": GOOD.replace("title: 小计划", 'title: "小\u2028计划"').encode(),
}


def write_hostile(root: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """The hostile files (plus a directory, a missing file, a huge sparse one) and valid ones."""
    root.mkdir(parents=True, exist_ok=True)
    bad: dict[str, Path] = {}
    for name, data in HOSTILE_TEXT.items():
        bad[name] = root / f"{name}.yaml"
        bad[name].write_bytes(data)
    bad["directory"] = root / "a-directory.yaml"
    bad["directory"].mkdir()
    bad["missing"] = root / "missing.yaml"
    bad["huge"] = root / "huge.yaml"
    with bad["huge"].open("wb") as fh:
        fh.truncate(3 * 1024 * 1024 * 1024)  # sparse: 3 GiB that costs nothing
    good = {}
    for name, data in VALID_TEXT.items():
        good[name] = root / f"{name}.yaml"
        good[name].write_bytes(data)
    return bad, good


def check_validate_output(
    result: subprocess.CompletedProcess[str], bad: list[Path], good: list[Path]
) -> None:
    no_traceback(result)
    assert result.returncode == (2 if bad else 0), result.stdout + result.stderr
    # A file it cannot read at all is an error (stderr, no line to point at); the rest are
    # findings in the file, located, on stdout.
    unreadable = result.stderr.splitlines()
    for line in unreadable:
        assert re.match(r"pomoplan: \S+: (no such file|is a directory, not a file)$", line), line
    lines = result.stdout.splitlines()
    ok_lines = {line.split(": ok (", 1)[0] for line in lines if ": ok (" in line}
    for line in lines:
        if ": ok (" not in line:
            assert LOCATED.match(line), line
    for path in good:
        assert str(path) in ok_lines, f"{path} did not load:\n{result.stdout}"
    for path in bad:
        assert str(path) not in ok_lines
        assert any(re.match(re.escape(str(path)) + r":\d+:\d+: ", line) for line in lines) or (
            f"pomoplan: {path}: " in result.stderr
        ), path


def test_validate_refuses_every_hostile_file_with_located_lines(tmp_path: Path) -> None:
    bad, good = write_hostile(tmp_path / "files")
    result = run(tmp_path / "home", "validate", *map(str, [*bad.values(), *good.values()]))
    check_validate_output(result, list(bad.values()), list(good.values()))
    out = result.stdout
    assert f"{bad['latin1']}:3:" in out and "not valid UTF-8" in out
    assert f"{bad['duplicate-key']}:5:1: title: duplicate key (first on line 3)" in out
    assert "larger than 2 MiB" in out and "too many nodes" in out
    assert "pwned" not in out


def test_validate_passes_the_valid_ones(tmp_path: Path) -> None:
    _, good = write_hostile(tmp_path / "files")
    bundled = sorted(BUNDLED.glob("*.yaml"))
    result = run(tmp_path / "home", "validate", *map(str, [*good.values(), *bundled]))
    check_validate_output(result, [], [*good.values(), *bundled])


def mutated_sample(root: Path) -> list[Path]:
    """About thirty damaged copies of the bundled curricula, the same ones every run."""
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for path in sorted(BUNDLED.glob("*.yaml")):
        text = path.read_text("utf-8")
        lines = text.split("\n")
        rng = random.Random(path.name)
        cuts = [int(len(text) * f) for f in (0.2, 0.6)]
        mutants = [text[:c] for c in cuts]
        for i in rng.sample(range(len(lines)), 4):
            mutants.append("\n".join(lines[:i] + lines[i + 1 :]))  # delete
            mutants.append("\n".join(lines[: i + 1] + lines[i:]))  # duplicate
        i = rng.randrange(len(lines))
        mutants.append("\n".join([*lines[:i], "\t" + lines[i], *lines[i + 1 :]]))
        mutants.append(re.sub(r"kind: \S+", "kind: weekly", text, count=1))
        mutants.append(re.sub(r"pomodoros: \d+", "pomodoros: [1]", text, count=1))
        for n, mutant in enumerate(mutants):
            target = root / f"{path.stem}-{n}.yaml"
            target.write_text(mutant, encoding="utf-8")
            out.append(target)
    return out


def test_validate_on_mutated_bundled_curricula(tmp_path: Path) -> None:
    files = mutated_sample(tmp_path / "mutants")
    assert len(files) >= 30
    result = run(tmp_path / "home", "validate", *map(str, files))
    no_traceback(result)
    assert result.returncode == 2  # the truncated and retyped copies at least are broken
    ok = {line.split(": ok (", 1)[0] for line in result.stdout.splitlines() if ": ok (" in line}
    check_validate_output(result, [f for f in files if str(f) not in ok], [])
    for path in files:  # each located error is inside its file
        n_lines = len(path.read_text("utf-8").rstrip("\n").split("\n"))
        for m in re.finditer(re.escape(str(path)) + r":(\d+):(\d+): ", result.stdout):
            assert 1 <= int(m.group(1)) <= n_lines, m.group()


def test_today_with_a_hostile_curriculum_exits_2_with_located_lines(tmp_path: Path) -> None:
    bad, good = write_hostile(tmp_path / "files")
    sample = ["alias-bomb", "deep-maps", "binary", "latin1", "python-tag", "duplicate-key"]
    sample += ["directory", "missing", "huge", "empty", "infinite-focus"]
    jobs = [(name, bad[name], 2) for name in sample] + [("bom", good["bom"], 0)]
    home = tmp_path / "home"
    results = [run(home, "today", "--curriculum", str(job[1])) for job in jobs]
    for (name, _, code), result in zip(jobs, results, strict=True):
        no_traceback(result)
        assert result.returncode == code, (name, result.stderr)
        if code:
            lines = result.stderr.splitlines()
            assert lines, name
            for line in lines:
                if name in ("directory", "missing"):  # nothing in it to point at: no 1:1
                    assert line.startswith(f"pomoplan: {bad[name]}: "), (name, line)
                else:
                    assert LOCATED_ON_STDERR.match(line), (name, line)


CONFIG_CASES: dict[str, bytes] = {
    "alias-bomb": alias_bomb().encode(),
    "recursive-alias": b"notify: &n {toast: *n}\n",
    "deep": b"keys: " + b"[" * 1000 + b"]" * 1000 + b"\n",
    "binary": b"focus: 25m\n\x00\x00",
    "latin1": b"theme: caf\xe9\n",
    "top-level-list": b"- focus: 25m\n",
    "python-tag": b"theme: !!python/object/apply:os.system ['echo pwned']\n",
    "duplicate-key": b"focus: 25m\nfocus: 30m\n",
    "tab": b"notify:\n\ttoast: false\n",
    "control-char": b"theme: a\x1bb\n",
    "infinite": b"focus: .inf\n",
    "huge-number": b"long_break: " + b"9" * 5000 + b"\n",
    "huge-hour": b"day_starts_at: 99999999999999999999\n",
    "bad-date": b"theme: 2024-13-45\n",
    "unknown-key": b"colour: red\n",
    "truncated": b"notify: {toast: false,\n",
}


def test_a_hostile_config_is_one_located_line_and_exit_2(tmp_path: Path) -> None:
    homes = []
    for name, data in CONFIG_CASES.items():
        home = tmp_path / name
        home.mkdir()
        (home / "config.yaml").write_bytes(data)
        homes.append((name, home))
    directory = tmp_path / "directory"
    (directory / "config.yaml").mkdir(parents=True)
    homes.append(("directory", directory))
    results = [run(job[1], "today") for job in homes]
    for (name, home), result in zip(homes, results, strict=True):
        no_traceback(result)
        assert result.returncode == 2, (name, result.stdout, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, (name, lines)
        config = re.escape(str(home / "config.yaml"))
        where = ":" if name == "directory" else r":\d+:\d+:"  # nothing in it to point at
        assert re.match(rf"^pomoplan: {config}{where} \S", lines[0]), (name, lines[0])
        assert "pwned" not in result.stdout


def test_a_mistake_repeated_through_aliases_prints_twenty_lines_and_a_count(
    tmp_path: Path,
) -> None:
    week = (
        "  - &w\n    title: w\n    days:\n      - days: mon\n        blocks:\n"
        "          - name: b\n            slots:\n"
        "              - {id: same, title: s}\n              - {id: same, title: s}\n"
    )
    plan = tmp_path / "repeated.yaml"
    plan.write_text(
        "id: r\ntitle: t\nkind: calendar\ntrack: x\nweeks:\n" + week + "  - *w\n" * 300, "utf-8"
    )
    for args in (("validate", str(plan)), ("today", "--curriculum", str(plan))):
        result = run(tmp_path / "home", *args)
        no_traceback(result)
        assert result.returncode == 2
        lines = (result.stdout + result.stderr).splitlines()
        assert len(lines) == 21
        assert all("duplicate slot id" in line for line in lines[:20])
        assert lines[-1].endswith(f"{plan}: ... and 281 more problems")


def test_a_log_damaged_past_its_header_is_one_line_exit_1(tmp_path: Path) -> None:
    from logrows import log_row

    from pomoplan.store.log import LogStore

    home = tmp_path / "home"
    assert run(home, "start", "one-month", "--on", "2026-11-23").returncode == 0
    db = home / "pomoplan.db"
    rows = [
        log_row(f"r{i}", f"2026-11-2{i % 7 + 3}", curriculum_id="one-month",
                slot_id=f"s{i % 9}", slot_title="装饰器" * 5)
        for i in range(1000)
    ]  # fmt: skip
    with LogStore(db) as store:
        store.record(rows, None)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    with sqlite3.connect(db) as conn:  # the header, the schema and every table's root stay sound
        first = 1 + max(r[0] for r in conn.execute("SELECT rootpage FROM sqlite_master"))
    conn.close()
    for page in range(first * 4096, len(data) - 4096, 4096):
        data[page + 100 : page + 600] = b"\xff" * 500
    db.write_bytes(bytes(data))
    for args in (("review", "--json"), ("today",), ("export", "--format", "csv")):
        result = run(home, *args)
        no_traceback(result)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.strip().splitlines() == [
            f"pomoplan: {db}: the log is damaged (database disk image is malformed); "
            "it was left as it is"
        ], args
