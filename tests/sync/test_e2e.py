"""Two data dirs (two laptops) sharing a folder through the real ``pomoplan`` command: a plain
shared folder, and a git repository pushed and pulled between merges."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import pomoplan
from logrows import log_row

from pomoplan.store.log import LogStore


def laptop(root: Path, name: str, shared: Path) -> Path:
    home = root / name
    home.mkdir()
    (home / "config.yaml").write_text(f"sync_dir: {shared}\nlanguage: en\n")
    return home


def timer_writes(home: Path, day: str, n: int) -> None:
    """Phases the timer recorded (written to the log as the app does; the journal catches up)."""
    with LogStore(home / "pomoplan.db") as store:
        store.record(
            [log_row(f"{home.name}-{day}-{i}", day, slot_id="w1-mon-b1-s1") for i in range(n)], None
        )


def figures(home: Path) -> tuple[str, str]:
    review = pomoplan(home, "review", "--week", "2026-W49", "--json")
    export = pomoplan(home, "export", "--format", "csv")
    assert review.returncode == 0 and export.returncode == 0, review.stderr + export.stderr
    return review.stdout, "\n".join(sorted(export.stdout.splitlines()))


def test_two_laptops_share_one_record_through_a_folder(tmp_path: Path) -> None:
    shared = tmp_path / "Sync"
    shared.mkdir()
    a, b = laptop(tmp_path, "a", shared), laptop(tmp_path, "b", shared)
    assert pomoplan(a, "start", "one-month", "--on", "2026-11-30").returncode == 0
    timer_writes(a, "2026-12-01", 3)
    timer_writes(b, "2026-12-02", 2)
    first = json.loads(pomoplan(a, "sync", "--json").stdout)
    assert first["imported"] == 0 and first["written"] == 3  # the activation went out at once
    done = pomoplan(b, "sync", "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["imported"] == 4 and doc["written"] == 2 and doc["sync_dir"] == str(shared)
    assert {d["id"]: d["events"] for d in doc["devices"]} == {
        doc["device"]: 2,
        first["device"]: 4,
    }
    assert doc["devices"][0]["id"] == doc["device"]
    assert json.loads(pomoplan(a, "sync", "--json").stdout)["imported"] == 2
    assert figures(a) == figures(b)
    assert pomoplan(b, "curricula", "--json").stdout == pomoplan(a, "curricula", "--json").stdout
    again = pomoplan(b, "sync")
    assert again.returncode == 0 and "imported 0, wrote 0" in again.stdout
    assert sorted(p.name for p in shared.iterdir()) == sorted([doc["device"], first["device"]])


def test_sync_without_sync_dir_says_what_to_set(tmp_path: Path) -> None:
    result = pomoplan(tmp_path, "sync")
    assert result.returncode == 2 and "sync_dir is not set" in result.stderr
    (tmp_path / "config.yaml").write_text(f"sync_dir: {tmp_path / 'gone'}\n")
    result = pomoplan(tmp_path, "sync", "--json")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "sync_dir is not a folder" in result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_as_the_sync_tool_never_conflicts(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }

    def git(where: Path, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(where), *args], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    bare = tmp_path / "record.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], env=env, check=True)
    clones = {}
    for name in ("a", "b"):
        clones[name] = tmp_path / f"{name}-vault"
        subprocess.run(["git", "clone", "-q", str(bare), str(clones[name])], env=env, check=True)
    homes = {name: laptop(tmp_path, name, clones[name]) for name in clones}

    def commit(name: str) -> None:  # the learner's git sync: merge, then commit locally
        clone = clones[name]
        assert pomoplan(homes[name], "sync").returncode == 0
        git(clone, "add", "-A")
        if git(clone, "status", "--porcelain"):
            git(clone, "commit", "-q", "-m", f"pomoplan {name}")

    def exchange(name: str) -> None:  # pull (rebasing local commits), then push
        clone = clones[name]
        branch = git(clone, "symbolic-ref", "--short", "HEAD").strip()
        if git(clone, "ls-remote", "--heads", "origin"):
            git(clone, "pull", "-q", "--rebase", "origin", branch)
        if git(clone, "log", "--oneline", "-1") if git(clone, "branch") else "":
            git(clone, "push", "-q", "origin", branch)

    for day in ("2026-12-01", "2026-12-02", "2026-12-03"):
        timer_writes(homes["a"], day, 2)
        timer_writes(homes["b"], day, 1)
        commit("a")
        commit("b")  # both committed before either pulled: histories diverge every round
        exchange("a")
        exchange("b")  # a rebase over the other's commit: different files, never a conflict
    for name in ("a", "b", "a"):
        exchange(name)
        commit(name)
    assert figures(homes["a"]) == figures(homes["b"])
    with LogStore(homes["a"] / "pomoplan.db") as store:
        assert store.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 9


def test_a_sync_refreshes_the_daily_notes_the_learner_keeps_of_the_days_it_changed(
    tmp_path: Path,
) -> None:
    shared, vault = tmp_path / "Sync", tmp_path / "vault"
    shared.mkdir()
    vault.mkdir()
    a, b = laptop(tmp_path, "a", shared), laptop(tmp_path, "b", shared)
    with (b / "config.yaml").open("a") as fh:
        fh.write(f'obsidian: {{daily_note: "{vault}/{{date}}.md", heading: "## Focus"}}\n')
    note = vault / "2026-12-01.md"
    note.write_text("# Tue\n\n## Focus\n\nwritten by hand\n")
    timer_writes(a, "2026-12-01", 2)
    timer_writes(a, "2026-12-02", 1)
    assert pomoplan(a, "sync").returncode == 0
    before = note.read_text()
    done = pomoplan(b, "sync")
    assert done.returncode == 0, done.stderr
    text = note.read_text()
    assert text != before and text.startswith("# Tue\n\n## Focus\n<!-- pomoplan:begin -->")
    assert text.endswith("written by hand\n") and "2 🍅" in text
    assert sorted(p.name for p in vault.iterdir()) == ["2026-12-01.md"]  # no note made
    # A correction made on the other laptop reaches the note at the next sync.
    pid = "a-2026-12-01-0"
    assert pomoplan(a, "amend", pid, "--status", "skipped").returncode == 0
    assert pomoplan(a, "sync").returncode == 0
    assert pomoplan(b, "sync").returncode == 0
    assert "1 🍅" in note.read_text() and "skipped" in note.read_text()
