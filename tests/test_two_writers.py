"""Two writers of one map: the second is told and decides; nothing is silently lost.

At the store level with a real second process (`cyclemap import --replace`), and in the app
(`run_test`): an edit saved after the file changed on disk asks overwrite / copy / cancel, and
whichever is chosen, both versions survive.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from cyclemap import model, store
from cyclemap.store import ConflictError, Library
from tests.conftest import map_data

OURS = "Edited in the app"
THEIRS = "Imported while the app was open"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library(tmp_path / "library")
    lib.save(model.validate_map(map_data(title="Sunday nights")))
    from cyclemap.tui.screens.welcome import MARKER

    (lib.root / MARKER).touch()
    return lib


def import_replace(library: Library, tmp_path: Path, title: str = THEIRS) -> None:
    """The other writer: a real `cyclemap import --replace` in its own process."""
    source = tmp_path / "incoming.toml"
    source.write_text(store.map_to_toml(model.validate_map(map_data(title=title))))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cyclemap",
            "--data-dir",
            str(library.root),
            "import",
            str(source),
            "--replace",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def all_titles(library: Library) -> set[str]:
    """Every title anywhere in the library: current maps and every kept version."""
    titles = {entry.map.title for entry in library.entries() if entry.map}
    for entry in library.entries():
        titles |= {store.load_file(v.path).title for v in library.history(entry.id)}
    return titles


# --- the store -------------------------------------------------------------------------------


def test_a_save_from_a_stale_read_is_refused_after_a_cli_import(library, tmp_path) -> None:
    expected = store.fingerprint(library.path_for("sunday-nights"))
    opened = library.load("sunday-nights")
    import_replace(library, tmp_path)
    with pytest.raises(ConflictError, match="changed on disk since it was opened"):
        library.save(opened.touched(title=OURS), expected=expected)
    assert library.load("sunday-nights").title == THEIRS
    # Deciding to overwrite keeps theirs in the history: nothing is lost either way.
    library.save(opened.touched(title=OURS), expected=None)
    assert library.load("sunday-nights").title == OURS
    assert {"Sunday nights", THEIRS, OURS} <= all_titles(library)


def test_two_instances_the_second_save_is_refused(library) -> None:
    first, second = Library(library.root), Library(library.root)
    seen = {
        lib: (store.fingerprint(lib.path_for("sunday-nights")), lib.load("sunday-nights"))
        for lib in (first, second)
    }
    fingerprint, cycle_map = seen[first]
    first.save(cycle_map.touched(title="first"), expected=fingerprint)
    fingerprint, cycle_map = seen[second]
    with pytest.raises(ConflictError):
        second.save(cycle_map.touched(title="second"), expected=fingerprint)
    assert library.load("sunday-nights").title == "first"


def test_a_map_deleted_by_the_other_writer_is_a_conflict_too(library) -> None:
    expected = store.fingerprint(library.path_for("sunday-nights"))
    opened = library.load("sunday-nights")
    Library(library.root).delete("sunday-nights")
    with pytest.raises(ConflictError, match="deleted or moved"):
        library.save(opened.touched(title=OURS), expected=expected)


# --- the app ---------------------------------------------------------------------------------


async def _edit_and_save(pilot, title: str) -> None:
    from cyclemap.tui.screens.reveal import ReviewScreen

    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewScreen)
    pilot.app.screen.query_one("#rv-title", Input).value = title
    await pilot.press("ctrl+s")
    await pilot.pause()


@pytest.mark.parametrize("choice", ["c", "o", "escape"])
def test_the_app_asks_when_the_map_changed_on_disk(library, tmp_path, choice) -> None:
    from cyclemap.tui.app import CycleMapApp
    from cyclemap.tui.screens.conflict import ConflictScreen
    from cyclemap.tui.screens.map import MapScreen
    from cyclemap.tui.screens.reveal import ReviewScreen

    async def scenario() -> None:
        app = CycleMapApp(library.root, start="open", map_ref="sunday-nights")
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MapScreen)
            import_replace(library, tmp_path)  # while the app has the map open
            await _edit_and_save(pilot, OURS)
            assert isinstance(app.screen, ConflictScreen), "the app did not ask"
            # No letter answers it: enter takes "Save as a copy", ← then enter "Overwrite".
            await pilot.press(*{"c": ["enter"], "o": ["left", "enter"]}.get(choice, [choice]))
            await pilot.pause()
            if choice == "escape":
                assert isinstance(app.screen, ReviewScreen)  # the edit is still there
                assert app.screen.query_one("#rv-title", Input).value == OURS

    asyncio.run(scenario())
    titles = all_titles(library)
    assert THEIRS in titles  # theirs is never lost
    if choice == "c":
        assert library.load("sunday-nights").title == THEIRS
        assert f"{OURS} (copy)" in titles
    elif choice == "o":
        assert library.load("sunday-nights").title == OURS
    else:
        assert library.load("sunday-nights").title == THEIRS
        assert OURS not in titles


def test_two_app_instances_the_second_saver_is_asked(library) -> None:
    from cyclemap.tui.app import CycleMapApp
    from cyclemap.tui.screens.conflict import ConflictScreen

    async def scenario() -> None:
        first = CycleMapApp(library.root, start="open", map_ref="sunday-nights")
        second = CycleMapApp(library.root, start="open", map_ref="sunday-nights")
        async with first.run_test(size=(100, 40)) as one, second.run_test(size=(100, 40)) as two:
            await one.pause()
            await two.pause()
            await _edit_and_save(one, "first instance")
            assert not isinstance(first.screen, ConflictScreen)
            await _edit_and_save(two, "second instance")
            assert isinstance(second.screen, ConflictScreen), "the second writer was not told"
            await two.press("enter")  # "Save as a copy", focused first
            await two.pause()

    asyncio.run(scenario())
    assert library.load("sunday-nights").title == "first instance"
    assert "second instance (copy)" in all_titles(library)


# --- two walkthroughs: one draft ---------------------------------------------------------------


def test_a_draft_is_claimed_by_one_walkthrough_at_a_time(library) -> None:
    first = library.claim_draft()
    assert first is not None
    assert library.claim_draft() is None  # a second window (another open file, same process)
    first.release()
    again = library.claim_draft()
    assert again is not None
    again.release()


def test_a_killed_window_leaves_its_draft_free(library) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from cyclemap.store import Library; "
            f"claim = Library({str(library.root)!r}).claim_draft(); "
            "print('held' if claim else 'not held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert library.claim_draft() is None
    finally:
        holder.kill()
        holder.wait()
    claim = library.claim_draft()
    assert claim is not None, "the kernel did not drop a dead process's claim"
    claim.release()


def test_a_second_window_cannot_start_a_walkthrough_over_the_first(library) -> None:
    """Two walkthroughs saving one draft would each overwrite the other's answers: the second
    window is told, and the first one's draft is untouched."""
    from cyclemap.tui.app import CycleMapApp
    from cyclemap.tui.screens.message import MessageScreen
    from cyclemap.tui.screens.walkthrough import WalkthroughScreen

    async def scenario() -> None:
        first = CycleMapApp(library.root, start="new")
        second = CycleMapApp(library.root)
        async with first.run_test(size=(100, 40)) as one, second.run_test(size=(100, 40)) as two:
            await one.pause()
            assert isinstance(first.screen, WalkthroughScreen)
            first.screen.state.names = ["Alex", "Sam"]
            first.screen._save_draft()
            await two.pause()
            assert not isinstance(second.screen, WalkthroughScreen)  # no offer to resume it
            await second.start_walkthrough()
            await two.pause()
            assert isinstance(second.screen, MessageScreen), "the second window was not told"
            await two.press("enter")
            await two.pause()
            assert not isinstance(second.screen, (MessageScreen, WalkthroughScreen))
        # Once the first window is gone the draft is free, and offered.
        third = CycleMapApp(library.root)
        async with third.run_test(size=(100, 40)) as three:
            await three.pause()
            from cyclemap.tui.screens.resume import ResumeScreen

            assert isinstance(third.screen, ResumeScreen)

    asyncio.run(scenario())
    assert library.load_draft() is not None


# --- check-ins beside imports: the log is read, changed and written under the library lock ------

CHECKIN_WRITER = """
import sys
from cyclemap.cli import main
root, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for number in range(count):
    code = main(["--data-dir", root, "log", "sunday-nights", "--add",
                 "--what", f"writer {worker} check-in {number}", "--caught", "yes"])
    assert code == 0, code
"""

IMPORT_WRITER = """
import sys
from cyclemap.cli import main
root, source, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for _ in range(count):
    assert main(["--data-dir", root, "import", source, "--replace"]) == 0
"""


def test_check_ins_added_beside_imports_are_all_kept(library, tmp_path) -> None:
    """Four processes adding 25 check-ins each (the command line's own code, in a loop) while two
    more import the map again and again: every one of the 100 check-ins is in the log."""
    from cyclemap import checkin

    source = tmp_path / "incoming.toml"
    source.write_text(store.map_to_toml(model.validate_map(map_data(title=THEIRS))))
    root = str(library.root)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", CHECKIN_WRITER, root, str(worker), "25"],
            stdout=subprocess.DEVNULL,
        )
        for worker in range(4)
    ]
    importers = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORT_WRITER, root, str(source), "10"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    for process in writers + importers:
        assert process.wait(timeout=240) == 0
    added = {entry.what_set_it_off for entry in checkin.load_log(library, "sunday-nights").entries}
    expected = {f"writer {w} check-in {n}" for w in range(4) for n in range(25)}
    assert not expected - added, f"{len(expected - added)} of 100 check-ins were lost"
