"""No input crashes the loaders: every bad curriculum or config is an InputError, located.

Property tests feed arbitrary text, grammar-built YAML and bytes to the curriculum and config
loaders; a corpus of deterministic mutations of every bundled curriculum must load or fail
inside the file; and the classic hostile files (alias bombs, deep nesting, binary, huge, tags
that would run code, duplicate keys...) are refused quickly, at the right line.
"""

from __future__ import annotations

import atexit
import random
import re
import shutil
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pomoplan.core.config import Config, load_config
from pomoplan.core.curriculum import load_curriculum, parse_curriculum
from pomoplan.core.errors import InputError, Problem
from pomoplan.core.yamlfile import MAX_BYTES, load_model_text

BUNDLED = Path(__file__).resolve().parents[2] / "curricula"
FILES = sorted(BUNDLED.glob("*.yaml"))
MIB = 1024 * 1024
_BREAK = re.compile(r"\r\n|\r|\n")


# ----------------------------------------------------------------------------- helpers


def editor_lines(text: str) -> list[str]:
    """The lines an editor shows: breaks are \\n, \\r\\n and \\r; no empty line after the last."""
    lines = _BREAK.split(text.removeprefix("\ufeff"))
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def check_located(problems: list[Problem], name: str, text: str | None = None) -> None:
    """Every problem names the file, sits at line >= 1 and column >= 1, and says something on
    one line; with ``text``, the position is inside the text (column at most one past the end)."""
    assert problems, "an InputError without problems"
    lines = editor_lines(text) if text is not None else None
    for p in problems:
        assert p.file == name, p
        assert p.line >= 1 and p.column >= 1, p
        assert p.message.strip(), p
        assert "\n" not in str(p) and "\r" not in str(p), repr(str(p))
        if lines is not None:
            assert p.line <= len(lines), f"{p} is past the last line ({len(lines)})"
            assert p.column <= len(lines[p.line - 1]) + 1, f"{p} is past the end of its line"


def curriculum_outcome(text: str, name: str = "x.yaml") -> list[Problem] | None:
    """None when the text loads, else its problems (checked); any other exception fails."""
    try:
        parse_curriculum(text, name)
    except InputError as exc:
        check_located(exc.problems, name, text)
        return exc.problems
    return None


def config_outcome(text: str, name: str = "config.yaml") -> list[Problem] | None:
    try:
        load_model_text(text, name, Config, empty_ok=True)
    except InputError as exc:
        check_located(exc.problems, name, text)
        return exc.problems
    return None


def problems_of(load: Callable[[], object]) -> list[Problem]:
    with pytest.raises(InputError) as info:
        load()
    return info.value.problems


def messages(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


# ----------------------------------------------------------------------------- properties

CURRICULUM_KEYS = [
    "id", "title", "kind", "description", "language", "track", "timer", "resources", "weeks",
    "phases", "daily_pomodoros", "goal", "days", "rest", "note", "blocks", "name", "slots",
    "detail", "pomodoros", "checkpoint", "url", "topics", "focus", "short_break", "long_break",
    "long_every",
]  # fmt: skip
CONFIG_KEYS = [
    "focus", "short_break", "long_break", "long_every", "auto_start_breaks", "auto_start_focus",
    "day_starts_at", "suspend_policy", "language", "theme", "notify", "hooks", "keys", "toast",
    "bell", "desktop", "on_phase_start", "on_phase_end", "timeout", "pause", "skip", "quit",
]  # fmt: skip
AWKWARD_SCALARS = [
    "calendar", "self-paced", "mon-fri", "周一至周五", "sun-mon", "25m", "1h30m", "0", "-1",
    "4:00", "04:00", "99:99", ".inf", "-.inf", ".nan", "1.0e+400", "9" * 400, "0x" + "f" * 64,
    "2024-13-45", "2024-02-30", "2024-01-01", "~", "null", "yes", "no", "true", "''", '""',
    "'it''s'", '"\\u2028"', '"\\x00"', "!!int abc", "!!float x", "!!binary ####", "!!set {a}",
    "!!python/object/apply:os.system ['true']", "!!timestamp nope", "*a", "&a x", "[]", "{}",
    "|", ">-", "'unterminated", "[1, 2", "{a: 1", "@", "`", "%", "周一", "😀", "\u2028",
    "a\tb", "ctrl+s", "space", "textual-dark", "count", "pause", "zh",
]  # fmt: skip


def _render_block(value: object, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        out = []
        for k, v in value.items():
            if isinstance(v, dict | list) and v:
                out.append(f"{pad}{k}:")
                out += _render_block(v, indent + 2)
            else:
                out.append(f"{pad}{k}: {_render_flow(v)}")
        return out
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, dict | list) and item:
                inner = _render_block(item, indent + 2)
                out.append(f"{pad}- {inner[0].lstrip()}")
                out += inner[1:]
            else:
                out.append(f"{pad}- {_render_flow(item)}")
        return out
    return [pad + _render_flow(value)]


def _render_flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_render_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_render_flow(v) for v in value) + "]"
    return str(value)


def yamlish(keys: list[str]) -> st.SearchStrategy[str]:
    """YAML-shaped text from the format's own keys and awkward values, sometimes damaged."""
    scalars = st.one_of(
        st.sampled_from(AWKWARD_SCALARS),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(max_size=12).map(lambda s: '"' + s.replace("\\", "/").replace('"', "'") + '"'),
    )
    key = st.one_of(st.sampled_from(keys), st.sampled_from(["<<", "? x", "1", "null", "周"]))
    tree = st.recursive(
        scalars,
        lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(key, kids, max_size=5)),
        max_leaves=30,
    )
    docs = st.dictionaries(key, tree, min_size=1, max_size=8)
    rendered = st.tuples(docs, st.booleans()).map(
        lambda d: _render_flow(d[0]) if d[1] else "\n".join(_render_block(d[0], 0)) + "\n"
    )

    @st.composite
    def damaged(draw: st.DrawFn) -> str:
        text = draw(rendered)
        lines = text.split("\n")
        for _ in range(draw(st.integers(0, 3))):
            i = draw(st.integers(0, len(lines) - 1))
            how = draw(st.sampled_from(["dup", "del", "tab", "indent", "dedent", "cut", "junk"]))
            if how == "dup":
                lines.insert(i, lines[i])
            elif how == "del" and len(lines) > 1:
                del lines[i]
            elif how == "tab":
                lines[i] = "\t" + lines[i]
            elif how == "indent":
                lines[i] = "   " + lines[i]
            elif how == "dedent":
                lines[i] = lines[i].lstrip()
            elif how == "cut":
                lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
            else:
                lines[i] += draw(st.sampled_from(AWKWARD_SCALARS))
        eol = draw(st.sampled_from(["\n", "\r\n", "\r", "\u2028"]))
        return eol.join(lines)

    return damaged()


TOKENS = [
    "title", "kind", "weeks", "days", "blocks", "slots", "phases", "topics", ": ", ":", "\n",
    "\r\n", "  ", "    ", "- ", "[", "]", "{", "}", ", ", "&a ", "*a", "&b ", "*b", "!!str ",
    "!!int ", "!!map ", "!!python/object:os.system ", "? ", "'", '"', "#", "\t", "|", ">",
    "---\n", "...\n", "%YAML 1.1\n", "<<: ", "calendar", "self-paced", "2024-13-45", ".inf",
    "9" * 40, "mon-fri", "\ufeff", "\u2028", "\x85", "\\", "\x00", "\x07", "@", "周一",
]  # fmt: skip
token_soup = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
PROPERTY = settings(max_examples=250, deadline=None)


@PROPERTY
@given(st.text(max_size=300))
def test_arbitrary_text_is_a_curriculum_or_an_input_error(text: str) -> None:
    curriculum_outcome(text)


@PROPERTY
@given(st.text(max_size=300))
def test_arbitrary_text_is_a_config_or_an_input_error(text: str) -> None:
    config_outcome(text)


@PROPERTY
@given(st.one_of(yamlish(CURRICULUM_KEYS), token_soup))
def test_yamlish_text_is_a_curriculum_or_an_input_error(text: str) -> None:
    curriculum_outcome(text)


@PROPERTY
@given(st.one_of(yamlish(CONFIG_KEYS), token_soup))
def test_yamlish_text_is_a_config_or_an_input_error(text: str) -> None:
    config_outcome(text)


_SCRATCH = Path(tempfile.mkdtemp(prefix="pomoplan-hostile-"))
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.sampled_from([b"", b"\xef\xbb\xbf", b"title: x\n"]))
def test_arbitrary_bytes_in_a_file_are_refused_or_loaded(data: bytes, prefix: bytes) -> None:
    path = _SCRATCH / "bytes.yaml"
    path.write_bytes(prefix + data)
    for load in (lambda: load_curriculum(path), lambda: load_config(path)):
        try:
            load()
        except InputError as exc:
            check_located(exc.problems, str(path))


# ----------------------------------------------------------------------------- mutated corpus


def _value_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[a-z_]+: \S", line)]


def mutants(text: str, seed: int) -> Iterator[tuple[str, str]]:
    """Deterministic damaged copies of a curriculum: (what was done, the text)."""
    rng = random.Random(seed)
    lines = text.split("\n")
    n = len(lines)
    picks = [*sorted(rng.sample(range(n), 6)), 0, 1, n // 2, n - 2]
    values = _value_lines(lines)
    for i in picks:
        yield f"delete line {i + 1}", "\n".join(lines[:i] + lines[i + 1 :])
        yield f"duplicate line {i + 1}", "\n".join(lines[: i + 1] + lines[i:])
        yield f"indent line {i + 1}", "\n".join([*lines[:i], "  " + lines[i], *lines[i + 1 :]])
        yield f"dedent line {i + 1}", "\n".join([*lines[:i], lines[i].lstrip(), *lines[i + 1 :]])
        yield f"tab at line {i + 1}", "\n".join([*lines[:i], "\t" + lines[i], *lines[i + 1 :]])
        yield (
            f"tab inside line {i + 1}",
            "\n".join([*lines[:i], lines[i].replace(": ", ":\t", 1), *lines[i + 1 :]]),
        )
        pad = re.match(r"^\s*", lines[i + 1] if i + 1 < n else "").group()  # type: ignore[union-attr]
        yield (
            f"unknown key after line {i + 1}",
            "\n".join([*lines[: i + 1], f"{pad}colour: red", *lines[i + 1 :]]),
        )
    for a in rng.sample(range(n - 1), 3):
        b = a + 1
        ia = re.match(r"^\s*", lines[a]).group()  # type: ignore[union-attr]
        ib = re.match(r"^\s*", lines[b]).group()  # type: ignore[union-attr]
        swapped = [*lines]
        swapped[a], swapped[b] = ib + lines[a].lstrip(), ia + lines[b].lstrip()
        yield f"swap indentation of lines {a + 1} and {b + 1}", "\n".join(swapped)
    wrong = ["[1, 2]", "{a: 1}", "12", "true", "null", "''", ".inf", "2024-13-45", "*nowhere"]
    for i in rng.sample(values, min(8, len(values))):
        key = lines[i].split(":", 1)[0]
        for w in rng.sample(wrong, 3):
            yield (
                f"line {i + 1} value -> {w}",
                "\n".join([*lines[:i], f"{key}: {w}", *lines[i + 1 :]]),
            )
    for frac in (0.01, 0.1, 0.33, 0.5, 0.77, 0.999):
        cut = int(len(text) * frac)
        yield f"truncated at {frac:.0%}", text[:cut]
    for old, new in (
        ("kind: calendar", "kind: self-paced"),
        ("kind: self-paced", "kind: calendar"),
        ("kind: calendar", "kind: weekly"),
        ("kind: self-paced", "kind: [self-paced]"),
        ("kind: calendar\n", ""),
        ("kind: self-paced\n", ""),
        ("\nweeks:", "\nweekz:"),
        ("\nphases:", "\nphasez:"),
    ):
        if old in text:
            yield f"{old.strip()!r} -> {new.strip()!r}", text.replace(old, new, 1)
    for top in ("weeks", "phases"):
        if f"\n{top}:" in text:
            yield f"remove {top}", text[: text.index(f"\n{top}:") + 1]
    yield "CRLF line endings", text.replace("\n", "\r\n")
    yield "line separators in values", text.replace("，", "\u2028", 3)
    yield "first anchor renamed", re.sub(r"&([\w-]+)", r"&\1-gone", text, count=1)
    yield "control character", text.replace("\n", "\n\x01", 1)


CORPUS = [
    pytest.param(path, what, mutant, id=f"{path.stem}: {what}")
    for path in FILES
    for what, mutant in mutants(path.read_text(encoding="utf-8"), seed=len(path.name))
]


def test_the_corpus_is_big_enough() -> None:
    assert len(FILES) >= 3
    assert len(CORPUS) >= 3 * 80


@pytest.mark.parametrize(("path", "what", "text"), CORPUS)
def test_a_mutated_bundled_curriculum_loads_or_fails_inside_the_file(
    path: Path, what: str, text: str
) -> None:
    curriculum_outcome(text, path.name)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_mutation_kind_is_caught_where_it_must_be(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    # a duplicated key line is reported at the copy, not silently overwritten
    i = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    found = curriculum_outcome("\n".join(lines[: i + 1] + lines[i:]), path.name)
    assert found is not None
    assert any(p.line == i + 2 and "duplicate key" in p.message for p in found), found
    # an unknown key is reported at its line
    found = curriculum_outcome(text.replace("\ntitle: ", "\ncolour: red\ntitle: ", 1), path.name)
    assert found is not None
    assert any(p.line == i + 1 and p.message == "unknown key" for p in found), found
    # CRLF endings load, and problems are counted on the same lines as with LF
    assert curriculum_outcome(text.replace("\n", "\r\n"), path.name) is None
    broken = text.replace("\ntitle: ", "\ncolour: red\ntitle: ", 1)
    lf = curriculum_outcome(broken, path.name)
    crlf = curriculum_outcome(broken.replace("\n", "\r\n"), path.name)
    assert lf == crlf


# ----------------------------------------------------------------------------- specific cases

GOOD = (Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml").read_text("utf-8")


def alias_bomb(levels: int = 9) -> str:
    text = 'lol0: &lol0 "lol"\n'
    for i in range(1, levels + 1):
        refs = ", ".join([f"*lol{i - 1}"] * 10)
        text += f"lol{i}: &lol{i} [{refs}]\n"
    return text


def test_billion_laughs_is_refused_quickly_and_in_little_memory() -> None:
    text = alias_bomb()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        for load in (
            lambda: parse_curriculum(text, "bomb.yaml"),
            lambda: load_model_text(text, "bomb.yaml", Config),
        ):
            found = problems_of(load)
            assert "too many nodes" in messages(found)
            check_located(found, "bomb.yaml", text)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 5, f"took {elapsed:.1f}s"
    assert peak < 50 * MIB, f"peak {peak / MIB:.0f} MiB"


def test_a_merge_key_bomb_is_refused() -> None:
    text = "a0: &a0 {k0: x}\n"
    for i in range(1, 9):
        merges = ", ".join([f"*a{i - 1}"] * 10)
        text += f"a{i}: &a{i} {{<<: [{merges}], k{i}: x}}\n"
    started = time.perf_counter()
    found = problems_of(lambda: parse_curriculum(text, "merge.yaml"))
    assert time.perf_counter() - started < 5
    assert "too many nodes" in messages(found)


@pytest.mark.parametrize(
    "text",
    [
        "a: &a [*a]\n",
        "&a [*a]\n",
        "a: &a {b: *a}\n",
        "a: &a {<<: *a}\n",
        "title: x\nkind: calendar\nweeks: &w [{title: t, days: *w}]\n",
    ],
)
def test_a_recursive_alias_is_refused_at_its_anchor(text: str) -> None:
    for load in (
        lambda: parse_curriculum(text, "loop.yaml"),
        lambda: load_model_text(text, "loop.yaml", Config),
    ):
        (p,) = problems_of(load)
        assert "alias" in p.message, p
        assert p.line == 1 or text.startswith("title"), p


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 1000 + "]" * 1000 + "\n",
        "[" * 1000 + "]" * 1000,
        "a: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n",
        "".join("  " * i + "a:\n" for i in range(1000)),
        "".join("  " * i + "- \n" for i in range(200)),
        "a: " + "[" * 2_000_000,
    ],
    ids=["flow lists", "top flow lists", "flow maps", "block maps", "block lists", "2M brackets"],
)
def test_deep_nesting_is_refused_quickly_and_located(text: str) -> None:
    started = time.perf_counter()
    for load in (
        lambda: parse_curriculum(text, "deep.yaml"),
        lambda: load_model_text(text, "deep.yaml", Config),
    ):
        found = problems_of(load)
        assert re.search(r"deeper|nesting depth", messages(found)), found
        check_located(found, "deep.yaml", text)
        assert found[0].line > 1 or found[0].column > 1  # at the place, not 1:1
    assert time.perf_counter() - started < 5


def test_a_binary_file_is_refused_at_its_first_nul(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"title: x\nkind: calendar\nweeks: \x00\x01\x02\xff\n")
    (p,) = problems_of(lambda: load_curriculum(path))
    assert (p.line, p.column, p.message) == (3, 8, "binary file, expected UTF-8 text")
    (p,) = problems_of(lambda: load_config(path))
    assert p.message == "binary file, expected UTF-8 text"


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(GOOD.encode("utf-16"))
    (p,) = problems_of(lambda: load_curriculum(path))
    assert "UTF-16" in p.message and "UTF-8" in p.message


def test_latin1_is_reported_at_its_line_and_character_column(tmp_path: Path) -> None:
    lines = GOOD.split("\n")
    assert lines[2] == "title: 小计划"
    lines[2] = "title: 小计划 café"
    path = tmp_path / "plan.yaml"
    path.write_bytes("\n".join(lines).encode("utf-8").replace("é".encode(), "é".encode("latin-1")))
    (p,) = problems_of(lambda: load_curriculum(path))
    # column counts characters, as the YAML errors do: "title: 小计划 caf" is 14 characters
    assert (p.file, p.line, p.column, p.message) == (str(path), 3, 15, "not valid UTF-8 text")
    path.write_bytes(b"\xef\xbb\xbfa: caf\xe9\n")  # after a BOM: the BOM is no column
    (p,) = problems_of(lambda: load_config(path))
    assert (p.line, p.column) == (1, 7)


def test_empty_and_comment_only_files(tmp_path: Path) -> None:
    for content in ("", "\n\n", "# nothing\n  # here\n", "---\n", "--- # nothing\n"):
        path = tmp_path / "plan.yaml"
        path.write_text(content, encoding="utf-8")
        (p,) = problems_of(lambda p=path: load_curriculum(p))
        assert (p.line, p.column, p.message) == (1, 1, "file is empty"), content
        assert load_config(path) == Config()


def test_a_directory_a_missing_file_and_a_bad_name(tmp_path: Path) -> None:
    (p,) = problems_of(lambda: load_curriculum(tmp_path))
    assert (p.located, str(p)) == (False, f"{tmp_path}: is a directory, not a file")  # no 1:1
    (p,) = problems_of(lambda: load_config(tmp_path))
    assert p.message == "is a directory, not a file"
    (p,) = problems_of(lambda: load_curriculum(tmp_path / "nope.yaml"))
    assert p.message == "no such file"
    assert load_config(tmp_path / "nope.yaml") == Config()  # no config means the defaults
    (p,) = problems_of(lambda: load_curriculum(tmp_path / "a\x00b.yaml"))
    assert p.message == "not a usable file name"


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.yaml"
    with sparse.open("wb") as fh:
        fh.truncate(4 * 1024 * MIB)  # 4 GiB, sparse: costs nothing on disk
    text = tmp_path / "text.yaml"
    text.write_bytes(b"title: x\n" * (MAX_BYTES // 9 + 1))
    assert text.stat().st_size > MAX_BYTES
    tracemalloc.start()
    started = time.perf_counter()
    try:
        for path in (sparse, text):
            for load in (lambda p=path: load_curriculum(p), lambda p=path: load_config(p)):
                (p,) = problems_of(load)
                assert (p.line, p.column, p.message) == (1, 1, "file is larger than 2 MiB")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 5
    assert peak < 16 * MIB, f"read {peak / MIB:.0f} MiB"


def test_a_file_just_under_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    filler = "# " + "x" * 97 + "\n"
    path.write_text(GOOD + filler * ((MAX_BYTES - len(GOOD.encode())) // 100 - 1), "utf-8")
    assert path.stat().st_size <= MAX_BYTES
    assert load_curriculum(path).id == "mini"


def test_a_top_level_list_or_scalar_is_refused() -> None:
    for text in ("- a\n- b\n", "just text\n", "42\n", "[1, 2]"):
        (p,) = problems_of(lambda t=text: parse_curriculum(t, "x.yaml"))
        assert (p.line, p.column, p.message) == (1, 1, "expected a mapping of keys at the top")
        (p,) = problems_of(lambda t=text: load_model_text(t, "c.yaml", Config))
        assert p.message == "expected a mapping of keys at the top"


def test_a_bom_file_loads_like_the_same_file_without(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    with_bom = load_curriculum(path)
    assert [s.id for s in with_bom.all_slots()] == [
        s.id for s in parse_curriculum(GOOD, "mini.yaml").all_slots()
    ]
    # a BOM in text handed over directly is no column either
    found = curriculum_outcome("\ufeff" + GOOD.replace("title: 小计划", "titel: 小计划"))
    assert found is not None
    assert any((p.line, p.column, p.message) == (3, 1, "unknown key") for p in found), found


def test_crlf_and_cr_line_endings_load_and_count_lines_right() -> None:
    broken = GOOD.replace("      - days: mon-fri", "      - days: mun-fri")
    lf = curriculum_outcome(broken)
    assert lf is not None and lf[0].line == 10
    for eol in ("\r\n", "\r"):
        assert curriculum_outcome(GOOD.replace("\n", eol)) is None
        assert curriculum_outcome(broken.replace("\n", eol)) == lf


def test_unicode_line_separators_do_not_shift_lines() -> None:
    """YAML parsers count NEL, LS and PS as line breaks; editors do not. Problems must be
    reported on the line an editor shows."""
    text = GOOD.replace("title: 小计划", 'title: "小\u2028计\x85划"').replace(
        "      - days: mon-fri", "      - days: mun-fri"
    )
    found = curriculum_outcome(text)
    assert found is not None and (found[0].line, found[0].column) == (10, 15), found
    text = "theme: 'x\u2029y'\nfocus: 25q\n"
    (p,) = problems_of(lambda: load_model_text(text, "c.yaml", Config))
    assert (p.line, p.column) == (2, 8), p
    check_located([p], "c.yaml", text)


def test_errors_at_the_end_of_the_file_are_inside_it() -> None:
    for text, where in (("a: [1,\n", (1, 7)), ("a: [1,", (1, 7)), ("a: 'x\n\n\n", (3, 1))):
        (p,) = problems_of(lambda t=text: load_model_text(t, "c.yaml", Config))
        assert (p.line, p.column) == where, p


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    ],
)
def test_python_tags_are_refused_not_run(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    value = tag.format(marker=marker)
    for load in (
        lambda: parse_curriculum(f"title: {value}\nkind: calendar\n", "x.yaml"),
        lambda: load_model_text(f"theme: {value}\n", "c.yaml", Config),
    ):
        (p,) = problems_of(load)
        assert "constructor" in p.message and p.line == 1, p
    assert not marker.exists()


def test_very_long_lines_are_handled_quickly() -> None:
    started = time.perf_counter()
    long_title = GOOD.replace("title: 小计划", "title: " + "长" * 500_000)
    assert parse_curriculum(long_title, "x.yaml").title == "长" * 500_000
    found = curriculum_outcome("title: x\nkind: calendar\nweeks: " + "x, " * 300_000 + "\n")
    assert found is not None and found[0].line == 3
    found = curriculum_outcome("a: " + "'x' " * 300_000)
    assert found is not None
    assert time.perf_counter() - started < 5


def test_duplicate_keys_are_errors_at_the_second_occurrence() -> None:
    text = GOOD.replace("kind: calendar\n", "kind: calendar\ntitle: 又一个\n")
    (p,) = problems_of(lambda: parse_curriculum(text, "x.yaml"))
    assert str(p) == "x.yaml:5:1: title: duplicate key (first on line 3)"
    text = GOOD.replace(
        "                detail: 写一个计时装饰器\n",
        "                detail: 写一个计时装饰器\n                detail: again\n",
    )
    (p,) = problems_of(lambda: parse_curriculum(text, "x.yaml"))
    assert p.field == "weeks[0].days[0].blocks[0].slots[0].detail"
    assert (p.line, p.column) == (16, 17)
    # in flow style too, quoted or not, and every duplicate at once
    problems = problems_of(
        lambda: load_model_text("focus: 1\n'focus': 2\nkeys: {quit: q, quit: x}\n", "c", Config)
    )
    assert [(p.line, p.column, p.field) for p in problems] == [
        (2, 1, "focus"),
        (3, 17, "keys.quit"),
    ]
    # a key from a merge may still be overridden: that is what merging is for
    ok = "notify: {<<: {toast: false, bell: false}, bell: true}\n"
    cfg = load_model_text(ok, "c", Config)
    assert (cfg.notify.toast, cfg.notify.bell) == (False, True)


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("title: 2024-13-45\n", (1, 8), "not a valid date"),
        ("title: " + "1" * 5000 + "\n", (1, 8), "too many digits"),
        ("title: !!int abc\n", (1, 8), "not a valid int"),
        ("title: !!float x\n", (1, 8), "not a valid float"),
        ("title: !!binary 'a'\n", (1, 8), "base64"),
        ("title: ok\nnote: \x07\n", (2, 7), "U+0007"),
        ("title: \ud800\n", (1, 8), "U+D800"),
        ("title: \ufffe\n", (1, 8), "U+FFFE"),
        ("a: 1\n---\nb: 2\n", (2, 1), "single document"),
        ("a: *nowhere\n", (1, 4), "alias"),
        ("a: &x 1\nb: &x 2\n", (2, 4), "duplicate anchor"),
        ("? [a, b]\n: 1\n", (1, 3), "unhashable"),
        ("a:\n\tb: 1\n", (2, 1), "tab"),
    ],
)
def test_values_yaml_cannot_build_are_located(
    text: str, where: tuple[int, int], words: str
) -> None:
    for load in (
        lambda: parse_curriculum(text, "x.yaml"),
        lambda: load_model_text(text, "x.yaml", Config),
    ):
        found = problems_of(load)
        assert (found[0].line, found[0].column) == where, found
        assert words in found[0].message, found


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("focus: .inf\n", "focus", "at most 24h"),
        ("focus: -.inf\n", "focus", "expected a duration"),
        ("short_break: .nan\n", "short_break", "expected a duration"),
        ("long_break: 1.0e+400\n", "long_break", "at most 24h"),
        ("focus: " + "9" * 400 + "m\n", "focus", "at most 24h"),
        ("focus: " + "9" * 400 + "\n", "focus", "at most 24h"),
        ("hooks: {timeout: " + "9" * 400 + "}\n", "hooks.timeout", "24h"),
        ("hooks: {timeout: .inf}\n", "hooks.timeout", "not a duration"),
        ("day_starts_at: 99999999999999999999\n", "day_starts_at", "time of day"),
        ("day_starts_at: '99999999999999999999:00'\n", "day_starts_at", "time of day"),
        ("day_starts_at: -5\n", "day_starts_at", "time of day"),
        ("long_every: " + "9" * 400 + "\n", "long_every", "less than or equal"),
        ("keys: {pause: [space]}\n", "keys.pause", "string"),
        ("1: x\n", "", "Keys should be strings"),
    ],
)
def test_hostile_config_values_are_located_errors(text: str, field: str, words: str) -> None:
    (p,) = problems_of(lambda: load_model_text(text, "c.yaml", Config))
    assert p.field.endswith(field) and words in p.message, p
    check_located([p], "c.yaml", text)


def test_hostile_timer_values_in_a_curriculum_are_located() -> None:
    text = GOOD.replace(
        "timer: {focus: 20m, long_every: 3}", "timer: {focus: .inf, long_break: 1.0e+999}"
    )
    found = curriculum_outcome(text)
    assert found is not None
    assert {(p.line, p.field) for p in found} == {(6, "timer.focus"), (6, "timer.long_break")}


def test_a_long_unknown_kind_is_shown_short() -> None:
    (p,) = problems_of(lambda: parse_curriculum("kind: " + "x" * 100_000 + "\n", "x.yaml"))
    assert p.field == "kind" and len(p.message) < 120, p


def test_nesting_through_aliases_is_bounded_too() -> None:
    """Each anchor nests 60 deep, but each uses the one before: 25 x 60 levels of data."""
    text = "a0: &a0 " + "[" * 60 + "]" * 60 + "\n"
    for i in range(1, 25):
        text += f"a{i}: &a{i} " + "[" * 59 + f"*a{i - 1}" + "]" * 59 + "\n"
    for load in (
        lambda: parse_curriculum(text + "kind: *a24\n", "x.yaml"),
        lambda: load_model_text(text + "theme: *a24\n", "c.yaml", Config),
    ):
        (p,) = problems_of(load)
        assert "deeper than 64" in p.message and p.line == 1, p


@pytest.mark.parametrize(
    ("value", "shown"),
    [("[1, 2]", "(a list)"), ("{a: 1}", "(a dict)"), ("5", "5"), ("", "None"), ("no", "False")],
)
def test_an_unknown_kind_of_another_type_is_named(value: str, shown: str) -> None:
    (p,) = problems_of(lambda: parse_curriculum(f"title: x\nkind: {value}\n", "x.yaml"))
    assert p.message == f"unknown kind {shown} (calendar or self-paced)", p
