"""Two or three devices recording, correcting, copying files (whole, cut short, as conflict
copies) and merging in any interleaving end with the same record, and no duplicates."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from helpers import Device, copy_folder, share_all, when
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ACTIONS = st.one_of(
    st.tuples(st.just("record"), st.integers(0, 2), st.integers(1, 3)),
    st.tuples(
        st.just("correct"),
        st.integers(0, 2),
        st.sampled_from(["note", "amend", "delete", "undo", "status"]),
        st.integers(0, 50),
    ),
    st.tuples(
        st.just("copy"),
        st.integers(0, 2),
        st.integers(0, 2),
        st.sampled_from([1.0, 1.0, 0.5, 0.9, 0.0]),
        st.sampled_from(["", "", ".sync-conflict-20261203-101010-ABCDEFG", " (conflicted copy)"]),
    ),
    st.tuples(st.just("merge"), st.integers(0, 2)),
)


def run(n: int, actions: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        devices = [Device(Path(tmp), name) for name in ("alpha", "bravo", "charlie")[:n]]
        try:
            for step, action in enumerate(actions):
                act(devices, step, action)
            for _ in range(2):  # everything reaches everyone; twice: merging again changes nothing
                share_all(devices)
                for d in devices:
                    d.merge()
            first = devices[0].figures()
            for d in devices[1:]:
                assert d.figures() == first
            records, *_, phase_ids = first
            assert len(phase_ids) == len({r[0] for r in phase_ids})
            assert len(records) == len({r[0] for r in records})
            assert sum(d.phases for d in devices) == len(phase_ids)
            for d in devices:
                assert not d.warnings  # cut lines wait for their end; nothing is invalid
        finally:
            for d in devices:
                d.close()


def act(devices: list[Device], step: int, action: tuple[Any, ...]) -> None:
    kind, who, *rest = action
    d = devices[who % len(devices)]
    if kind == "record":
        d.record(day=rest[0])
    elif kind == "correct":
        what, pick = rest
        ids = [r[0] for r in d.store.conn.execute("SELECT id FROM phases ORDER BY id")]
        if what == "undo":
            d.store.undo_last(when(step % 7))  # small time range: ties between devices happen
            return
        if not ids:
            return
        target = ids[pick % len(ids)]
        if what == "note":
            d.store.new_event("note", when(step % 7), target=target, data={"note": f"n{step}"})
        elif what == "amend":
            d.store.new_event("amend", when(step % 7), target=target, data={"focused_s": pick})
        elif what == "status":
            data = {"status": "skipped" if pick % 2 else "completed"}
            d.store.new_event("amend", when(step % 7), target=target, data=data)
        else:
            d.store.new_event("delete", when(step % 7), target=target)
    elif kind == "copy":
        src, cut, conflict = rest
        src_device = devices[src % len(devices)]
        if src_device is not d:
            copy_folder(src_device, d, cut=cut, conflict=conflict)
    else:
        d.merge()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ACTIONS, max_size=30))
def test_two_devices_converge(actions: list[tuple[Any, ...]]) -> None:
    run(2, actions)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ACTIONS, max_size=30))
def test_three_devices_converge(actions: list[tuple[Any, ...]]) -> None:
    run(3, actions)
