"""Re-plans as events in the log: read them for the layout, make shifts and catch-ups."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, NamedTuple

from pomoplan.core.layout import Replan, plan_catch_up, plan_shift
from pomoplan.core.plan import Slot
from pomoplan.core.schedule import Schedule
from pomoplan.store.events import Event
from pomoplan.store.log import LogStore


def _replan(event: Event) -> Replan | None:
    """The layout's view of a stored ``replan`` event (None when it is not one it knows)."""
    data = event.data
    try:
        kind = data["kind"]
        start = date.fromisoformat(data["from"])
        days = int(data["days"])
        moves = tuple((str(m[0]), date.fromisoformat(m[1])) for m in data.get("moves", ()))
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # written by a newer pomoplan, or damaged: it moves nothing
    if kind not in ("shift", "catch-up"):
        return None
    return Replan(event.id, kind, start, days, moves)


def replan_events(store: LogStore | None, activation_id: str) -> list[tuple[Event, bool]]:
    """The re-plans of one activation, oldest first, each with whether it was undone."""
    if store is None or not activation_id:
        return []
    events = [e for e in store.events("replan") if e.data.get("activation") == activation_id]
    undone = store.undone([e.id for e in events])
    return [(e, e.id in undone) for e in events]


def replans_in_force(store: LogStore | None, activation_id: str) -> tuple[Replan, ...]:
    """The re-plans the layout replays: those not undone."""
    out = []
    for event, undone in replan_events(store, activation_id):
        replan = _replan(event) if not undone else None
        if replan is not None:
            out.append(replan)
    return tuple(out)


def listing(store: LogStore | None, activation_id: str) -> list[dict[str, Any]]:
    """``replan --json``: each re-plan of the active plan, oldest first."""
    return [
        {
            "id": e.id,
            "kind": e.data.get("kind"),
            "from": e.data.get("from"),
            "days": e.data.get("days"),
            "made_at": e.made_at,
            "device": e.device,
            "undone": undone,
        }
        for e, undone in replan_events(store, activation_id)
    ]


def proposed_shift(schedule: Schedule, days: int, origin: date, today: date) -> Replan:
    """A shift of the plan days on ``origin`` and later (ReplanError: nothing would move)."""
    return Replan("", "shift", origin, plan_shift(schedule.layout, origin, days, today))


def proposed_catch_up(
    schedule: Schedule, done: Mapping[str, int], per_day: int, today: date
) -> Replan:
    """The backlog spread over the coming study days (ReplanError: no backlog)."""
    moves = tuple(plan_catch_up(schedule.layout, today, done, per_day))
    first, last = moves[0][1], max(d for _, d in moves)
    return Replan("", "catch-up", first, (last - first).days + 1, moves)


def record(store: LogStore, activation_id: str, replan: Replan, when: datetime) -> Event:
    """Store a proposed re-plan as an event of the active plan."""
    data: dict[str, Any] = {
        "activation": activation_id,
        "kind": replan.kind,
        "from": replan.start.isoformat(),
        "days": replan.days,
    }
    if replan.kind == "catch-up":
        data["moves"] = [[slot_id, d.isoformat()] for slot_id, d in replan.moves]
    return store.new_event("replan", when, data=data)


def preview(schedule: Schedule, replan: Replan) -> list[tuple[Slot, date | None, date | None]]:
    """What a re-plan would move: (slot id, date now, date after), in plan order."""
    before = schedule.layout
    after = Schedule(
        schedule.curriculum, schedule.start, schedule.mode, (*schedule.replans, replan)
    )
    out = []
    for slot in sorted(schedule.curriculum.all_slots(), key=before.order):
        old, new = before.slot_date(slot.id), after.layout.slot_date(slot.id)
        if old != new:
            out.append((slot, old, new))
    return out


class Proposal(NamedTuple):
    """A re-plan not made yet, and what it would move (for the preview)."""

    replan: Replan
    moves: list[tuple[Slot, date | None, date | None]]


def propose(
    schedule: Schedule, done: Mapping[str, int], kind: str, amount: int, today: date
) -> Proposal:
    """A catch-up (``amount`` extra pomodoros a day) or a shift (``amount`` days from today)
    with its preview.

    Raises:
        ReplanError: it would move nothing.
    """
    if kind == "catch-up":
        replan = proposed_catch_up(schedule, done, amount, today)
    else:
        replan = proposed_shift(schedule, amount, today, today)
    return Proposal(replan, preview(schedule, replan))


def with_replan(
    schedule_replans: tuple[Replan, ...], replan: Replan, event: Event
) -> tuple[Replan, ...]:
    """The re-plans in force once ``replan`` is stored as ``event``."""
    return (*schedule_replans, replan._replace(id=event.id))
