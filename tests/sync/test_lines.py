"""A phase line as pomoplan writes it is checked by one regular expression (a first merge reads
100,000 of them); every line, sound or not, gets the same outcome as through the JSON parser and
the field checks: the same row, or the same located reason to skip it."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from logrows import log_row

from pomoplan.adapters.sync import lines
from pomoplan.store.migrations import LOG_COLUMNS

DEVICE = "alpha"
MAX_SECONDS = 10 * 365 * 86400


def outcome(raw: bytes, *, quick: bool) -> tuple[Any, ...]:
    """What ``parse`` makes of a line, with or without the written-phase fast path."""
    try:
        if quick:
            parsed = lines.parse(raw, DEVICE)
        else:
            with mock.patch.object(lines, "_written_phase", lambda text, device: None):
                parsed = lines.parse(raw, DEVICE)
    except lines.BadLine as exc:
        return ("skipped", exc.field, str(exc))
    return ("kept", parsed.phase, parsed.event)


def written(row: dict[str, Any], **fields: Any) -> bytes:
    """The line ``phase_line`` and ``encode`` make of ``row`` (``fields``: changed after)."""
    return lines.encode({**lines.phase_line({"device": DEVICE, **row}), **fields}).rstrip(b"\n")


def test_a_line_pomoplan_writes_takes_the_fast_path_and_gives_the_same_row() -> None:
    assert set(lines._WRITTEN) == {*LOG_COLUMNS, "source", "device", "format", "type"}
    row = log_row("01938ba3-10e0-70b3-b46e-e1da317017a6", "2026-12-01", reason="[b]ok\u2028")
    raw = written({**row, "source": "manual"})
    quick = lines._written_phase(raw.decode(), DEVICE)
    assert quick is not None  # a new log column must be taught to lines._WRITTEN
    assert quick == {**row, "source": "manual", "device": DEVICE}
    assert list(quick) == [*LOG_COLUMNS, "source", "device"]
    assert outcome(raw, quick=True) == outcome(raw, quick=False) == ("kept", quick, None)


texts = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(['say "hi"', "back\\slash", "tab\there", "new\nline", "\x7f\x1f", "é\u2028"]),
    st.sampled_from(["x" * 200, "x" * 201, "字" * 10_000, "x" * 10_001]),
    st.integers(-1, 2),
    st.booleans(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=2),
)
seconds = st.one_of(
    st.integers(-2, 2),
    st.integers(0, 10**10),
    st.sampled_from([MAX_SECONDS, MAX_SECONDS + 1, 999_999_999, 10**9, 2**63]),
    st.floats(allow_nan=False, max_value=1e6),
    st.booleans(),
    st.none(),
    st.text(alphabet="0123456789", min_size=1, max_size=3),
)
instants = st.one_of(
    st.sampled_from(
        [
            "2026-12-01T09:00:00+08:00",
            "2026-12-01T09:00:00",
            "2026-12-01 09:00",
            "2026-02-30T09:00:00+00:00",
            "2026-12-01T25:00:00+00:00",
            "20261201T090000Z",
            "",
        ]
    ),
    st.text(max_size=30),
    st.none(),
    st.integers(),
)
days = st.one_of(
    st.sampled_from(["2026-12-01", "2026-02-30", "2026-12-1", "2026-12-01x", "20261201"]),
    st.text(max_size=12),
    st.none(),
)


@st.composite
def phase_lines(draw: Any) -> bytes:
    """A phase line as pomoplan writes it, most of its values sound, some not; now and then a
    field missing, one more, or another format, type or device."""
    row: dict[str, Any] = log_row("p1", "2026-12-01")
    for name, values in (
        ("id", st.one_of(st.just("p1"), texts)),
        ("kind", st.sampled_from(["focus", "short_break", "long_break", "nap", "Focus"])),
        ("status", st.sampled_from(["completed", "skipped", "interrupted", "done", None])),
        *((name, texts) for name in ("curriculum_id", "slot_id", "slot_title", "track", "reason")),
        *((name, seconds) for name in ("planned_s", "focused_s", "paused_s", "pauses")),
        ("started_at", instants),
        ("ended_at", instants),
        ("study_date", days),
    ):
        if draw(st.booleans()):
            row[name] = draw(values)
    entry: dict[str, Any] = lines.phase_line({"device": DEVICE, **row})
    entry["source"] = draw(st.sampled_from(["timer", "manual", "watch", None]))
    if draw(st.integers(0, 5)) == 0:
        entry["format"] = draw(st.sampled_from([0, 2, True, 1.0, "1", None]))
    if draw(st.integers(0, 5)) == 0:
        entry["type"] = draw(st.sampled_from(["event", "Phase", None]))
    if draw(st.integers(0, 5)) == 0:
        entry["device"] = draw(st.sampled_from(["bravo", "alph", None]))
    if draw(st.integers(0, 5)) == 0:
        del entry[draw(st.sampled_from(sorted(entry)))]
    if draw(st.integers(0, 5)) == 0:
        entry[draw(st.sampled_from(["sql", "note", "zzz", "a"]))] = draw(texts)
    return lines.encode(entry).rstrip(b"\n")


@settings(max_examples=600, deadline=None)
@given(raw=phase_lines())
def test_every_phase_line_gets_the_outcome_of_the_full_checks(raw: bytes) -> None:
    assert outcome(raw, quick=True) == outcome(raw, quick=False)


@settings(max_examples=600, deadline=None)
@given(
    at=st.integers(0, 10**6),
    cut=st.integers(0, 3),
    put=st.sampled_from(
        [b"", b'"', b"\\", b",", b"}", b"{", b":", b" ", b"0", b"9", b"-", b"\x00", b"\n",
         b"\xc3", "é".encode(), b"null", b'"x"', b"1e3", b"\r"]
    ),
)  # fmt: skip
def test_a_damaged_line_gets_the_outcome_of_the_full_checks(at: int, cut: int, put: bytes) -> None:
    """Bytes replaced anywhere in a sound line: a sync tool's damage, a hand edit."""
    raw = written(log_row("p1", "2026-12-01"))
    at %= len(raw) + 1
    damaged = raw[:at] + put + raw[at + cut :]
    assert outcome(damaged, quick=True) == outcome(damaged, quick=False)


def test_each_kind_of_bad_phase_line_is_still_skipped_with_its_field() -> None:
    row = log_row("p1", "2026-12-01")
    for raw, field in (
        (written(row, focused_s=MAX_SECONDS + 1), "focused_s"),  # 9 digits, over the limit
        (written(row, pauses=10**9), "pauses"),
        (written(row, planned_s=-1), "planned_s"),
        (written(row, started_at="2026-12-01T25:00:00+00:00"), "started_at"),
        (written(row, ended_at="soon"), "ended_at"),
        (written(row, study_date="2026-02-30"), "study_date"),
        (written(row, id="x" * 201), "id"),
        (written(row, id=""), "id"),
        (written(row, slot_title="x" * 10_001), "slot_title"),
        (written(row, kind="nap"), "kind"),
        (written(row, status="done"), "status"),
        (written(row, source="watch"), "source"),
        (written(row, device="bravo"), "device"),
        (written(row, format=2), "format"),
        (written(row, type="phaze"), "type"),
        (written(row)[:-1], ""),  # cut short
        (written(row).replace(b'"Python"', b'"Py\x01thon"'), ""),  # a raw control character
        (written(row).replace("复".encode(), b"\xff"), ""),  # not UTF-8
    ):
        if field:  # the others are no JSON pomoplan reads at all
            assert lines._written_phase(raw.decode(), DEVICE) is None, raw
        kind, got, message = outcome(raw, quick=True)
        assert (kind, got) == ("skipped", field), (raw, message)
    assert json.loads(written(row))["slot_title"] == row["slot_title"]
