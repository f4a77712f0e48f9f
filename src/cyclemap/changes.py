"""What changed between two versions of a map, in words: field by field, with the same plain
labels everywhere (the command line, the app): "Sam · underneath: 'like a failure' → 'scared
I'll lose you'". cyclemap.history uses it for a map's versions.

No Textual here: this is core.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cyclemap.model import CycleMap, PartnerSide

# Plain, short labels for every field a person can change, in the order a diff lists them.
MAP_LABELS: dict[str, str] = {
    "title": "title",
    "cycle_name": "cycle name",
    "couple": "couple",
    "pause_phrase": "pause phrase",
    "warning_signs": "warning signs",
}
PARTNER_LABELS: dict[str, str] = {
    "name": "name",
    "position": "position",
    "trigger": "trigger",
    "meaning": "what I tell myself",
    "surface_feeling": "on the surface",
    "protective_move": "protective move",
    "underlying_feeling": "underneath",
    "fear": "fear",
    "longing": "longing",
    "guess": "guess",
    "reach": "reach",
    "respond": "respond",
}
PARTNER_ANSWERS = tuple(key for key in PARTNER_LABELS if key not in {"name", "position"})
NOTES_LABEL = "notes"
PATTERN_LABEL = "pattern"

# A diff line longer than this, or holding a line break, is shown as a small block instead.
ONE_LINE_MAX = 100
# In one-line summaries a value is cut to about this many characters.
SUMMARY_VALUE_MAX = 28


def _one_line(value: str) -> str:
    return " ".join(value.split())


def shorten(value: str, limit: int = SUMMARY_VALUE_MAX) -> str:
    """One line of at most `limit` characters, cut at a word when possible, with '…'."""
    value = _one_line(value)
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


@dataclass(frozen=True)
class Change:
    """One field that differs between two versions."""

    field: str  # the model's key: "cycle_name", "underlying_feeling", "position", "pattern"…
    partner: int | None  # 0 or 1 for a partner's field, None for the map's
    label: str  # "Sam · underneath", "partner 2 name", "cycle name", "pattern"
    old: str | None
    new: str | None
    literal: bool = True  # user text is quoted; positions and the pattern are words of ours

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"

    def _show(self, value: str, limit: int | None = None) -> str:
        text = value if limit is None else shorten(value, limit)
        return f"'{text}'" if self.literal else text

    def line(self, limit: int | None = None) -> str:
        """One line with both values; `limit` shortens long values (summaries)."""
        if self.kind == "added":
            return f"{self.label}: added {self._show(self.new or '', limit)}"
        if self.kind == "removed":
            return f"{self.label}: removed {self._show(self.old or '', limit)}"
        return f"{self.label}: {self._show(self.old or '', limit)} → {self._show(self.new or '', limit)}"

    def short(self) -> str:
        """Without the values: 'Sam · underneath changed', 'cycle name added'."""
        return f"{self.label} {self.kind}"

    def full(self, indent: str = "  ") -> str:
        """Both values in full: one line when it fits, else a small block."""
        line = self.line()
        values = [value for value in (self.old, self.new) if value is not None]
        if len(indent + line) <= ONE_LINE_MAX and not any("\n" in value for value in values):
            return indent + line
        inner = indent + "    "
        if self.kind == "added":
            return "\n".join([f"{indent}{self.label}: added", _block(inner, "", self.new or "")])
        if self.kind == "removed":
            return "\n".join([f"{indent}{self.label}: removed", _block(inner, "", self.old or "")])
        return "\n".join(
            [
                f"{indent}{self.label}:",
                _block(inner, "was: ", self.old or "", quote=self.literal),
                _block(inner, "now: ", self.new or "", quote=self.literal),
            ]
        )

    def __str__(self) -> str:
        return self.line()


def _block(indent: str, lead: str, value: str, *, quote: bool = True) -> str:
    text = f"'{value}'" if quote else value
    lines = text.split("\n")
    pad = indent + " " * (len(lead) + (1 if quote else 0))
    return "\n".join([indent + lead + lines[0], *(pad + line for line in lines[1:])])


def _text_change(
    field: str, partner: int | None, label: str, old: str | None, new: str | None
) -> Change | None:
    old = old or None
    new = new or None
    if old == new:
        return None
    return Change(field, partner, label, old, new)


def _partner_changes(index: int, old: PartnerSide, new: PartnerSide) -> list[Change]:
    changes: list[Change] = []
    if old.name != new.name:
        changes.append(Change("name", index, f"partner {index + 1} name", old.name, new.name))
    who = new.name
    if old.position is not new.position:
        changes.append(
            Change(
                "position",
                index,
                f"{who} · position",
                old.position.value,
                new.position.value,
                literal=False,
            )
        )
    for key in PARTNER_ANSWERS:
        change = _text_change(
            key, index, f"{who} · {PARTNER_LABELS[key]}", old.answer(key), new.answer(key)
        )
        if change:
            changes.append(change)
    return changes


def diff_maps(old: CycleMap, new: CycleMap) -> list[Change]:
    """What a person changed from `old` to `new`, field by field, in a steady order: the map's
    own fields, each partner's (matched by place, since names can change), the pattern that
    follows from the positions, then the notes. The id, dates and schema version are not
    changes a person made and are left out."""
    changes: list[Change] = []
    for key, label in MAP_LABELS.items():
        change = _text_change(key, None, label, getattr(old, key), getattr(new, key))
        if change:
            changes.append(change)
    for index, (before, after) in enumerate(zip(old.partners, new.partners, strict=True)):
        changes.extend(_partner_changes(index, before, after))
    if old.pattern is not new.pattern:
        changes.append(
            Change("pattern", None, PATTERN_LABEL, old.pattern.label, new.pattern.label, False)
        )
    change = _text_change("notes", None, NOTES_LABEL, old.notes, new.notes)
    if change:
        changes.append(change)
    return changes


@dataclass(frozen=True)
class Row:
    """One field of two versions side by side (the app's comparison)."""

    field: str
    partner: int | None
    label: str
    old: str | None
    new: str | None

    @property
    def changed(self) -> bool:
        return self.old != self.new


def compare_rows(old: CycleMap, new: CycleMap) -> list[Row]:
    """Every field either version has, with both values: the map's (the pattern among them),
    each partner's, then the notes. A row is `changed` exactly when `diff_maps` names it."""
    rows: list[Row] = []
    for key, label in MAP_LABELS.items():
        rows.append(Row(key, None, label, getattr(old, key), getattr(new, key)))
    rows.append(Row("pattern", None, PATTERN_LABEL, old.pattern.label, new.pattern.label))
    for index, (before, after) in enumerate(zip(old.partners, new.partners, strict=True)):
        rows.append(Row("name", index, f"partner {index + 1} name", before.name, after.name))
        who = after.name
        rows.append(
            Row(
                "position",
                index,
                f"{who} · position",
                before.position.value,
                after.position.value,
            )
        )
        for key in PARTNER_ANSWERS:
            label = f"{who} · {PARTNER_LABELS[key]}"
            rows.append(Row(key, index, label, before.answer(key), after.answer(key)))
    rows.append(Row("notes", None, NOTES_LABEL, old.notes or None, new.notes or None))
    return [row for row in rows if row.old is not None or row.new is not None]


def summarize(changes: Sequence[Change], width: int = 60) -> str:
    """One line for a list of changes, at most `width` characters.

    As many changes as fit are named ("Sam · underneath changed"), the rest counted ("and 2
    more"); then each named change gets its (shortened) values when the line still fits:
    "Sam · underneath: 'like a failure' → 'scared I'll lose you'".
    """
    if not changes:
        return "no changes"

    def joined(parts: list[str], shown: int) -> str:
        rest = len(changes) - shown
        return "; ".join(parts[:shown] + ([f"and {rest} more"] if rest else []))

    parts = [change.short() for change in changes]
    shown = len(parts)
    while shown > 1 and len(joined(parts, shown)) > width:
        shown -= 1
    if len(joined(parts, shown)) > width:
        parts[0] = shorten(parts[0], max(width - len(joined(parts, shown)) + len(parts[0]), 10))
    for index in range(shown):
        richer = [*parts[:index], changes[index].line(SUMMARY_VALUE_MAX), *parts[index + 1 :]]
        if len(joined(richer, shown)) <= width:
            parts = richer
    return joined(parts, shown)
