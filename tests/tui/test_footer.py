"""The footer's fitting: which keys a width has room for, and in what order they stay."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from cyclemap.tui.widgets.footer import FooterEntry, fitting


def entry(display: str, description: str, importance: int) -> FooterEntry:
    return FooterEntry(display, display, description, True, description, importance)


# As the map screen has them, a label or two made wide: 話す and 🫂 take two cells each.
KEYS = [
    entry("space", "Pause", 0),
    entry("t", "話す Talk", 1),
    entry("e", "Edit", 5),
    entry("c", "Check-in 🫂", 6),
    entry("p", "Present", 7),
    entry("h", "History", 8),
    entry("esc", "Library", 4),
    entry("f1", "Help", 2),
    entry("f12", "Hide", 3),
]


def line_width(entries) -> int:
    """The keys as drawn, a space between two."""
    labels = [f"{e.display} {e.description}" if e.description else e.display for e in entries]
    return len(entries) - 1 + sum(cell_len(label) for label in labels)


def test_an_entry_measures_wide_characters_as_two_cells() -> None:
    assert entry("t", "話す Talk", 0).width == len("t 話す Talk") + 2
    assert entry("c", "Check-in 🫂", 0).width == len("c Check-in 🫂") + 1
    assert entry("⏎", "", 0).width == 1  # a key alone


def test_every_width_from_40_to_200() -> None:
    everything = line_width(KEYS)
    by_importance = sorted(KEYS, key=lambda e: e.importance)
    before: tuple[FooterEntry, ...] = ()
    for room in range(40, 201):
        kept = fitting(KEYS, room)
        assert line_width(kept) <= room
        # The most important ones, as many as fit together: the next one would not fit.
        assert set(kept) == set(by_importance[: len(kept)])
        if len(kept) < len(KEYS):
            assert line_width(by_importance[: len(kept) + 1]) > room
        # In the order shown, whatever the width; a wider one only adds keys.
        assert list(kept) == [e for e in KEYS if e in kept]
        assert set(before) <= set(kept)
        before = kept
        assert (kept == tuple(KEYS)) == (room >= everything)
    assert fitting(KEYS, 40)[0].description == "Pause"


def test_no_room_no_keys() -> None:
    assert fitting(KEYS, 0) == ()
    assert fitting(KEYS, -5) == ()
    assert fitting([], 80) == ()
    assert fitting(KEYS, KEYS[0].width) == (KEYS[0],)
    assert fitting(KEYS, KEYS[0].width - 1) == ()  # never half a key


labels = st.text(
    alphabet=st.characters(
        categories=("L", "N", "P", "S", "Zs"), exclude_characters="\t\n\r\x0b\x0c"
    ),
    max_size=20,
)


@given(
    st.lists(st.tuples(labels, st.integers(0, 20)), max_size=15),
    st.integers(-10, 300),
)
def test_what_fits_is_whole_in_order_and_the_most_important(
    keys: list[tuple[str, int]], room: int
) -> None:
    entries = [entry(f"k{i}", description, rank) for i, (description, rank) in enumerate(keys)]
    kept = fitting(entries, room)
    assert line_width(kept) <= max(room, 0)
    assert list(kept) == [e for e in entries if e in kept]
    dropped = [e for e in entries if e not in kept]
    if dropped and kept:
        assert max(e.importance for e in kept) <= min(e.importance for e in dropped)
