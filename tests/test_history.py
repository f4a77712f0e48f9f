"""History, diff and restore: versions of a map, what changed in words, bringing one back.

Golden files: tests/golden/diff-*.txt. After an intended change of the wording, regenerate with
    CYCLEMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_history.py
and review the difference before committing it.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cyclemap import changes, history
from cyclemap.changes import Change, diff_maps, shorten, summarize
from cyclemap.cli import main
from cyclemap.model import CycleMap, validate_map
from cyclemap.store import Library, StoreError, map_to_toml
from tests.conftest import map_data, partner

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CYCLEMAP_UPDATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run with CYCLEMAP_UPDATE_GOLDEN=1"
    assert path.read_text(encoding="utf-8") == text, (
        f"{name} differs; if the change is intended, run with CYCLEMAP_UPDATE_GOLDEN=1"
    )


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch):
    """Local time is UTC here, so dates read the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def at(day: int, hour: int = 20) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


# Three versions of one map that differ in every kind of field.
V1 = map_data(
    created=at(1),
    updated=at(1),
    partners=[
        partner(fear="being left", surface_feeling="frustrated"),
        partner(
            name="Sam",
            position="withdraw",
            trigger="Alex raises her voice",
            protective_move="I shut down and leave the room",
            underlying_feeling="like a failure",
        ),
    ],
)
V2 = map_data(
    created=at(1),
    updated=at(8),
    cycle_name="The Storm",  # added
    partners=[
        partner(
            surface_feeling="frustrated",
            meaning="I don't matter to him",  # added; fear removed
        ),
        partner(
            name="Sam",
            position="withdraw",
            trigger="Alex raises her voice",
            protective_move="I shut down and leave the room",
            underlying_feeling="scared I'll lose you",  # changed
        ),
    ],
)
V3 = map_data(
    created=at(1),
    updated=at(15),
    cycle_name="The Storm",
    pause_phrase="The Storm is here — can we slow down?",  # added
    notes="Mapped after our third session.\nWe want to try the pause phrase.",  # added
    partners=[
        partner(surface_feeling="frustrated", meaning="I don't matter to him"),
        partner(
            name="Sammy",  # renamed
            position="pursue",  # changed: the pattern changes with it
            trigger="Alex raises her voice",
            protective_move="I shut down and leave the room",
            underlying_feeling="scared I'll lose you",
        ),
    ],
)


def make(data: dict) -> CycleMap:
    return validate_map(data)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def library(root: Path) -> Library:
    return Library(root)


@pytest.fixture
def three(library: Library) -> Library:
    """One map saved three times."""
    for data in (V1, V2, V3):
        library.save(make(data))
    return library


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- diff_maps ------------------------------------------------------------------------------


def test_diff_names_every_kind_of_change_with_both_values() -> None:
    assert [str(change) for change in diff_maps(make(V1), make(V2))] == [
        "cycle name: added 'The Storm'",
        "Alex · what I tell myself: added 'I don't matter to him'",
        "Alex · fear: removed 'being left'",
        "Sam · underneath: 'like a failure' → 'scared I'll lose you'",
    ]


def test_diff_position_brings_the_pattern_and_partners_match_by_place() -> None:
    changes = diff_maps(make(V2), make(V3))
    assert [str(change) for change in changes] == [
        "pause phrase: added 'The Storm is here — can we slow down?'",
        "partner 2 name: 'Sam' → 'Sammy'",
        "Sammy · position: withdraw → pursue",
        "pattern: pursue–withdraw → attack–attack",
        "notes: added 'Mapped after our third session.\nWe want to try the pause phrase.'",
    ]
    assert [change.kind for change in changes] == [
        "added",
        "changed",
        "changed",
        "changed",
        "added",
    ]
    assert [(change.field, change.partner) for change in changes] == [
        ("pause_phrase", None),
        ("name", 1),
        ("position", 1),
        ("pattern", None),
        ("notes", None),
    ]


def test_diff_of_equal_maps_is_empty_and_ignores_dates() -> None:
    assert diff_maps(make(V1), make(V1)) == []
    later = make(V1).touched()
    assert diff_maps(make(V1), later) == []


def test_diff_covers_every_answer_and_map_field() -> None:
    old = make(map_data())
    answers = {key: f"new {key}" for key in changes.PARTNER_ANSWERS}
    new = make(
        map_data(
            title="Sunday evenings",
            cycle_name="The Storm",
            couple="Alex & Sam",
            pause_phrase="pause",
            warning_signs="short answers",
            notes="a note",
            partners=[partner(**answers), map_data()["partners"][1]],
        )
    )
    fields = {(change.field, change.partner) for change in diff_maps(old, new)}
    assert fields == {
        ("title", None),
        ("cycle_name", None),
        ("couple", None),
        ("pause_phrase", None),
        ("warning_signs", None),
        ("notes", None),
    } | {(key, 0) for key in changes.PARTNER_ANSWERS}
    # Every label is a plain word, never the model's key.
    for change in diff_maps(old, new):
        assert "_" not in change.label


def test_removed_optional_answer_and_user_text_kept_literally() -> None:
    old = make(map_data(cycle_name="[bold]The Storm[/]"))
    new = make(map_data())
    (change,) = diff_maps(old, new)
    assert str(change) == "cycle name: removed '[bold]The Storm[/]'"


def test_compare_rows_mark_exactly_the_changed_fields() -> None:
    for old, new in ((V1, V2), (V2, V3), (V1, V3), (V3, V1)):
        a, b = make(old), make(new)
        rows = changes.compare_rows(a, b)
        changed = {(row.field, row.partner) for row in rows if row.changed}
        assert changed == {(change.field, change.partner) for change in diff_maps(a, b)}
        # Unchanged answers are there too, with the same value on both sides.
        assert any(row.field == "trigger" and not row.changed for row in rows)


# ---- wording --------------------------------------------------------------------------------


def test_shorten_cuts_at_a_word_and_keeps_one_line() -> None:
    assert shorten("short") == "short"
    text = "that one day he'll just check out for good and I'll be on my own"
    cut = shorten(text, 28)
    assert cut.endswith("…") and len(cut) <= 28 and "\n" not in cut
    assert cut == "that one day he'll just…"
    assert shorten("a\nb  c", 10) == "a b c"


def test_summary_with_values_when_they_fit_else_names_else_counted() -> None:
    changes = diff_maps(make(V1), make(V2))
    assert summarize(changes[:1], 60) == "cycle name: added 'The Storm'"
    wide = summarize(changes, 200)
    assert wide.startswith("cycle name: added 'The Storm'; Alex · what I tell myself: added")
    narrow = summarize(changes, 60)
    assert len(narrow) <= 60
    assert narrow.startswith("cycle name: added 'The Storm'; ")
    names = summarize(changes, 45)
    assert len(names) <= 45 and "and" in names and "more" in names
    assert summarize([], 40) == "no changes"


def test_long_values_are_shortened_in_summaries_and_whole_in_full() -> None:
    long_text = "word " * 60
    change = Change("fear", 0, "Alex · fear", None, long_text.strip())
    assert len(change.line(changes.SUMMARY_VALUE_MAX)) < 60
    full = change.full()
    assert long_text.strip() in full
    assert full.splitlines()[0] == "  Alex · fear: added"


def test_full_shows_multi_line_values_as_a_block() -> None:
    change = Change("notes", None, "notes", "one\ntwo", "three")
    assert change.full() == "  notes:\n      was: 'one\n            two'\n      now: 'three'"


# ---- versions -------------------------------------------------------------------------------


def test_versions_oldest_first_with_the_current_file_last(three: Library) -> None:
    found = history.versions(three, "sunday-nights")
    assert [v.number for v in found] == [1, 2, 3]
    assert [v.current for v in found] == [False, False, True]
    assert [v.saved for v in found] == [at(1), at(8), at(15)]
    assert found[-1].path == three.path_for("sunday-nights")
    assert found[0].map == make(V1)


def test_versions_of_a_map_that_isnt_there(library: Library) -> None:
    with pytest.raises(StoreError, match="no map called 'nope'"):
        history.versions(library, "nope")
    with pytest.raises(StoreError, match="not a valid map id"):
        history.versions(library, "Not An Id")


def test_version_summaries(three: Library) -> None:
    found = history.versions(three, "sunday-nights")
    assert history.version_summary(found, 0) == "first version"
    assert history.version_summary(found, 1, 200) == (
        "cycle name: added 'The Storm'; Alex · what I tell myself: added 'I don't matter to "
        "him'; Alex · fear: removed 'being left'; Sam · underneath: 'like a failure' → "
        "'scared I'll lose you'"
    )
    assert history.version_summary(found, 1, 75) == (
        "cycle name: added 'The Storm'; Alex · what I tell myself added; and 2 more"
    )
    assert history.version_summary(found, 2, 75) == (
        "pause phrase added; partner 2 name: 'Sam' → 'Sammy'; and 3 more"
    )


def test_unreadable_version_is_named_not_fatal(three: Library) -> None:
    oldest = three.history("sunday-nights")[0].path
    oldest.write_text("this is = = not toml", encoding="utf-8")
    found = history.versions(three, "sunday-nights")
    assert found[0].map is None and "not valid TOML" in (found[0].error or "")
    assert history.version_summary(found, 0).startswith("can't be read")
    assert history.version_summary(found, 1) == "the version before can't be read"
    with pytest.raises(StoreError, match="version 1 of 'sunday-nights' can't be read"):
        history.diff_report("sunday-nights", found[0], found[2])
    assert oldest.read_text(encoding="utf-8") == "this is = = not toml"  # never touched


def test_library_id_from_an_id_or_a_library_path(library: Library, tmp_path: Path) -> None:
    library.save(make(V1))
    assert history.library_id(library, "sunday-nights") == "sunday-nights"
    assert history.library_id(library, str(library.root / "sunday-nights.toml")) == (
        "sunday-nights"
    )
    elsewhere = tmp_path / "sunday-nights.toml"
    elsewhere.write_text(map_to_toml(make(V1)), encoding="utf-8")
    with pytest.raises(StoreError, match="kept for maps in the library"):
        history.library_id(library, str(elsewhere))


# ---- restore --------------------------------------------------------------------------------


def test_restore_brings_back_the_old_text_and_can_be_undone(three: Library) -> None:
    result = history.restore(three, "sunday-nights", 1)
    assert result.changed and (result.new_number, result.kept_number) == (4, 3)
    current = three.load("sunday-nights")
    assert diff_maps(make(V1), current) == []
    assert current.partners[1].underlying_feeling == "like a failure"
    assert current.updated > at(15)  # a restore is a new save
    found = history.versions(three, "sunday-nights")
    assert len(found) == 4
    assert history.version_summary(found, 3).startswith("back to version 1: ")
    # Undo: version 3 is still there and comes back just the same.
    history.restore(three, "sunday-nights", result.kept_number)
    assert diff_maps(make(V3), three.load("sunday-nights")) == []
    assert len(history.versions(three, "sunday-nights")) == 5


def test_restore_of_the_current_content_changes_nothing(three: Library) -> None:
    result = history.restore(three, "sunday-nights", 3)
    assert not result.changed
    assert "nothing was changed" in result.message()
    assert len(history.versions(three, "sunday-nights")) == 3


def test_restore_a_map_deleted_before_the_trash(three: Library) -> None:
    # A delete used to move the map into its history as <stamp>.deleted.toml (it goes to the
    # trash now): such a map is still brought back by its version number.
    path = three.path_for("sunday-nights")
    path.rename(three.history_root / "sunday-nights" / "29990101T000000.000000Z.deleted.toml")
    found = history.versions(three, "sunday-nights")
    assert [v.status for v in found] == ["", "", "deleted"]
    result = history.restore(three, "sunday-nights", 2)
    assert result.kept_number is None and result.new_number == 4
    assert "to undo" not in result.message()
    assert diff_maps(make(V2), three.load("sunday-nights")) == []


def test_restore_of_a_version_that_doesnt_exist(three: Library) -> None:
    for number in (0, 4, -1):
        with pytest.raises(StoreError, match="map 'sunday-nights' has versions 1 to 3"):
            history.restore(three, "sunday-nights", number)


def test_restore_refuses_when_the_map_changed_since_it_was_shown(three: Library) -> None:
    from cyclemap.store import ConflictError, fingerprint

    seen = fingerprint(three.path_for("sunday-nights"))
    three.save(make(V3).touched(title="Changed elsewhere"))
    with pytest.raises(ConflictError):
        history.restore(three, "sunday-nights", 1, expected=seen)
    assert three.load("sunday-nights").title == "Changed elsewhere"


# ---- the commands ---------------------------------------------------------------------------


def test_history_lists_three_versions_newest_first(capsys, three: Library) -> None:
    code, out, err = run(capsys, "--data-dir", str(three.root), "history", "sunday-nights")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Sunday nights (sunday-nights) — 3 versions, newest first"
    heads = [line for line in lines if line.startswith("  ") and not line.startswith("     ")]
    assert heads == [
        "  3  15 Nov 2026 20:00  (current)",
        "  2  8 Nov 2026 20:00",
        "  1  1 Nov 2026 20:00",
    ]
    assert lines[-1] == "     first version"
    assert all(len(line) <= 80 for line in lines)
    assert "     pause phrase added; partner 2 name: 'Sam' → 'Sammy'; and 3 more" in lines


def test_diff_default_is_the_newest_against_the_one_before(capsys, three: Library) -> None:
    code, out, _ = run(capsys, "--data-dir", str(three.root), "diff", "sunday-nights")
    assert code == 0
    check_golden("diff-default.txt", out)
    assert "from version 2, saved 8 Nov 2026 20:00" in out
    assert "  to version 3 (current), saved 15 Nov 2026 20:00" in out


def test_diff_one_version_against_the_newest(capsys, three: Library) -> None:
    code, out, _ = run(capsys, "--data-dir", str(three.root), "diff", "sunday-nights", "1")
    assert code == 0
    check_golden("diff-v1-current.txt", out)
    for text in (
        "cycle name: added 'The Storm'",
        "Alex · fear: removed 'being left'",
        "Sammy · underneath: 'like a failure' → 'scared I'll lose you'",
        "pattern: pursue–withdraw → attack–attack",
    ):
        assert text in out


def test_diff_two_versions(capsys, three: Library) -> None:
    code, out, _ = run(capsys, "--data-dir", str(three.root), "diff", "sunday-nights", "1", "2")
    assert code == 0
    check_golden("diff-v1-v2.txt", out)
    assert out.rstrip().endswith("4 changes.")
    # Backwards works too: what would change going back.
    code, out, _ = run(capsys, "--data-dir", str(three.root), "diff", "sunday-nights", "3", "1")
    assert "pattern: attack–attack → pursue–withdraw" in out


def test_diff_of_equal_versions(capsys, three: Library) -> None:
    code, out, _ = run(capsys, "--data-dir", str(three.root), "diff", "sunday-nights", "2", "2")
    assert code == 0
    check_golden("diff-none.txt", out)
    assert out.rstrip().endswith("No differences.")


def test_diff_errors_are_one_line(capsys, three: Library, library: Library) -> None:
    code, out, err = run(capsys, "--data-dir", str(three.root), "diff", "sunday-nights", "7")
    assert (code, out) == (1, "")
    assert err == "cyclemap: there is no version 7: map 'sunday-nights' has versions 1 to 3\n"
    code, _, err = run(capsys, "--data-dir", str(three.root), "diff", "nope")
    assert code == 1 and err.startswith("cyclemap: no map called 'nope'")
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(three.root), "diff", "sunday-nights", "two"])
    assert done.value.code == 2
    assert "'two' is not a version number" in capsys.readouterr().err


def test_diff_with_only_one_version(capsys, library: Library) -> None:
    library.save(make(V1))
    code, _, err = run(capsys, "--data-dir", str(library.root), "diff", "sunday-nights")
    assert code == 1
    assert "only one version so far" in err and err.count("\n") == 1


def test_restore_command(capsys, three: Library) -> None:
    code, out, err = run(capsys, "--data-dir", str(three.root), "restore", "sunday-nights", "1")
    assert (code, err) == (0, "")
    assert out == (
        "Restored version 1 of 'Sunday nights' as the current map (now version 4). The map it "
        "replaced is kept as version 3; to undo: cyclemap restore sunday-nights 3\n"
    )
    text = three.path_for("sunday-nights").read_text(encoding="utf-8")
    assert 'underlying_feeling = "like a failure"' in text
    assert 'fear = "being left"' in text
    code, out, _ = run(capsys, "--data-dir", str(three.root), "diff", "sunday-nights", "1")
    assert out.rstrip().endswith("No differences.")
    code, _, err = run(capsys, "--data-dir", str(three.root), "restore", "sunday-nights", "9")
    assert code == 1 and "has versions 1 to 4" in err


def test_history_of_a_file_outside_the_library(capsys, tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.toml"
    path.write_text(map_to_toml(make(V1)), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "lib"), "history", str(path))
    assert (code, out) == (1, "")
    assert "kept for maps in the library" in err and err.count("\n") == 1


def _naive_restored_from(found) -> list[int | None]:
    """The definition, one comparison at a time: the newest version before the one just
    before with no changes from this one."""
    numbers: list[int | None] = []
    for index, version in enumerate(found):
        match = None
        if version.map is not None:
            for earlier in reversed(found[: max(index - 1, 0)]):
                if earlier.map is not None and not diff_maps(earlier.map, version.map):
                    match = earlier.number
                    break
        numbers.append(match)
    return numbers


_POOL = [
    validate_map(map_data(notes=text, partners=[partner(fear=fear), partner(name="Sam")]))
    for text in ("", "one", "two")
    for fear in (None, "being left")
]


@given(st.lists(st.one_of(st.none(), st.integers(0, len(_POOL) - 1)), max_size=30))
def test_restored_from_agrees_with_comparing_every_pair(picks: list[int | None]) -> None:
    found = [
        history.Version(
            number=index + 1,
            path=Path(f"v{index}.toml"),
            current=False,
            deleted=False,
            replaced=None,
            map=None if pick is None else _POOL[pick],
            error=None if pick is not None else "broken",
        )
        for index, pick in enumerate(picks)
    ]
    assert history.restored_from(found) == _naive_restored_from(found)
