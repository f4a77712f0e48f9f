"""What a person sees on each screen of the shell, at 80×24 and 120×40.

Deterministic: fixed dates in the maps, a frozen clock, the library inside a fake home (paths
read '~/…'), steady cursors. Review a change with the snapshot report before --snapshot-update.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cyclemap.store import Library

from .conftest import BROKEN, EXAMPLES, make_app, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def keys(*presses: str) -> Callable[[Pilot], object]:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_library(snap_compare, library: Path, home: Path, size) -> None:
    assert snap_compare(make_app(library, home), terminal_size=size, run_before=keys("down"))


@pytest.mark.parametrize("size", SIZES)
def test_library_empty(snap_compare, empty_library: Path, home: Path, size) -> None:
    assert snap_compare(make_app(empty_library, home), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_library_filtered(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home)
    assert snap_compare(app, terminal_size=size, run_before=keys(*"priya"))


@pytest.mark.parametrize("size", SIZES)
def test_library_nothing_matches(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home)
    assert snap_compare(app, terminal_size=size, run_before=keys(*"[/zz"))


@pytest.mark.parametrize("size", SIZES)
def test_broken_file_message(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home)
    assert snap_compare(app, terminal_size=size, run_before=keys("end", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare, home: Path, size) -> None:
    app = make_app(home / "fresh", home)
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_map(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home, start="open", map_ref="sunday-nights")
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_map_ascii(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home, start="open", map_ref="who-forgot")
    assert snap_compare(app, terminal_size=size, run_before=keys("a"))


@pytest.mark.parametrize("size", SIZES)
def test_map_outside_the_library(snap_compare, library: Path, home: Path, size) -> None:
    outside = home / "elsewhere" / "quiet-house.toml"
    outside.parent.mkdir()
    shutil.copy(EXAMPLES[1], outside)
    app = make_app(library, home, start="open", map_ref=str(outside))
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, library: Path, home: Path, size) -> None:
    assert snap_compare(make_app(library, home), terminal_size=size, run_before=keys("f1"))


@pytest.mark.parametrize("size", SIZES)
def test_help_on_the_map(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home, start="open", map_ref="sunday-nights")
    assert snap_compare(app, terminal_size=size, run_before=keys("f1"))


@pytest.mark.parametrize("size", SIZES)
def test_confirm_delete(snap_compare, library: Path, home: Path, size) -> None:
    assert snap_compare(make_app(library, home), terminal_size=size, run_before=keys("delete"))


@pytest.mark.parametrize("size", SIZES)
def test_rename(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home)
    assert snap_compare(app, terminal_size=size, run_before=keys("down", "down", "f2"))


@pytest.mark.parametrize("size", SIZES)
def test_export(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home, start="open", map_ref="sunday-nights")
    assert snap_compare(app, terminal_size=size, run_before=keys("x"))


@pytest.mark.parametrize("size", SIZES)
def test_resume(snap_compare, library: Path, home: Path, size) -> None:
    Library(library).save_draft({"partners": [{"name": "Alex"}, {"name": "Sam [i]"}]})
    assert snap_compare(make_app(library, home), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_quick_hide(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home, start="open", map_ref="sunday-nights")
    assert snap_compare(app, terminal_size=size, run_before=keys("f12"))


def _check_ins(root: Path) -> None:
    from datetime import date

    from cyclemap import checkin

    library = Library(root)
    for day, caught, pause in (
        (date(2026, 9, 6), False, False),
        (date(2026, 9, 20), True, False),
        (date(2026, 10, 11), True, True),
        (date(2026, 11, 8), True, True),
    ):
        entry = checkin.make_entry(
            when=day, what_set_it_off="the week ahead", caught=caught, pause_phrase_used=pause
        )
        checkin.add_entry(library, "sunday-nights", entry)


@pytest.mark.parametrize("size", SIZES)
def test_map_with_check_ins(snap_compare, library: Path, home: Path, size) -> None:
    _check_ins(library)
    app = make_app(library, home, start="open", map_ref="sunday-nights")
    assert snap_compare(app, terminal_size=size, run_before=keys("end"))


@pytest.mark.parametrize("size", SIZES)
def test_check_in_from_the_map(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home, start="open", map_ref="sunday-nights")
    assert snap_compare(app, terminal_size=size, run_before=keys("c"))


@pytest.mark.parametrize("size", SIZES)
def test_confirm_delete_from_the_map(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home, start="open", map_ref="sunday-nights")
    assert snap_compare(app, terminal_size=size, run_before=keys("delete"))


@pytest.mark.parametrize("size", SIZES)
def test_present_a_broken_map(snap_compare, library: Path, home: Path, size) -> None:
    # The reason alone (no folder in it, which would differ from run to run), over nothing.
    app = make_app(library, home, start="present", map_ref=str(library / BROKEN))
    assert snap_compare(app, terminal_size=size, run_before=keys())


def _deleted_at(monkeypatch, *moments: str) -> None:
    """Deletes stamped at fixed moments (UTC), so the trash reads the same in every run."""
    import cyclemap.store.trash as trash

    stamps = iter(moments)
    monkeypatch.setattr(trash, "stamp", lambda moment: next(stamps))


@pytest.mark.parametrize("size", SIZES)
def test_trash(snap_compare, library: Path, home: Path, size, monkeypatch) -> None:
    _deleted_at(monkeypatch, "20261118T101500.000000Z", "20261120T113000.000000Z")
    Library(library).delete("sunday-nights")
    Library(library).delete("quiet-house")
    app = make_app(library, home)
    assert snap_compare(app, terminal_size=size, run_before=keys("ctrl+t"))


@pytest.mark.parametrize("size", SIZES)
def test_trash_filtered(snap_compare, library: Path, home: Path, size, monkeypatch) -> None:
    _deleted_at(monkeypatch, "20261118T101500.000000Z", "20261120T113000.000000Z")
    Library(library).delete("sunday-nights")
    Library(library).delete("quiet-house")
    app = make_app(library, home)
    assert snap_compare(app, terminal_size=size, run_before=keys("ctrl+t", *"priya"))


@pytest.mark.parametrize("size", SIZES)
def test_library_after_a_delete(snap_compare, library: Path, home: Path, size) -> None:
    app = make_app(library, home)
    presses = ("down", "down", "delete", "left", "enter")
    assert snap_compare(app, terminal_size=size, run_before=keys(*presses))
