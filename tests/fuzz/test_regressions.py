"""Every defect the robustness work found, pinned by name (each failed before its fix)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from cyclemap import model
from cyclemap.export import render
from cyclemap.store import Library
from tests.conftest import map_data


def test_noncharacters_are_removed_so_the_svg_stays_xml() -> None:
    # U+FFFE and U+FFFF are not XML characters: the SVG and HTML exports failed to parse.
    cycle_map = model.validate_map(map_data(notes="a\ufffeb\uffffc\ufdd0d\U0010ffff"))
    assert cycle_map.notes == "abcd"
    ET.fromstring(render(cycle_map, "svg"))


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    # Undecodable bytes (argv, a Windows console) arrive as lone surrogates; pydantic refused
    # the whole answer with "unable to parse raw data as a unicode string".
    cycle_map = model.validate_map(map_data(title="caf\udce9"))
    assert cycle_map.title == "caf\ufffd"


def test_a_draft_with_a_lone_surrogate_is_saved(tmp_path: Path) -> None:
    # save_draft raised UnicodeEncodeError (not a StoreError): the walkthrough would crash.
    library = Library(tmp_path / "library")
    library.save_draft({"partners": [{"name": "Al\ud800ex"}]})
    assert library.load_draft() == {"partners": [{"name": "Al\ufffdex"}]}


def test_the_resume_question_shows_no_control_character_from_a_draft() -> None:
    # draft_summary put a draft's names on screen as they were: an ESC in a pasted or
    # hand-edited name reached the terminal.
    from cyclemap.walkthrough_draft import draft_summary

    summary = draft_summary({"partners": [{"name": "A\x1b[2Jlex\x07"}, {"name": "Sam"}]})
    assert summary == "There's an unfinished walkthrough for Alex & Sam."


def test_a_file_name_is_shown_without_control_characters() -> None:
    # The library screen showed a broken file's name as it was: a file called "\x1b[31m….toml"
    # (a synced folder, a download) sent its escape sequence to the terminal.
    from cyclemap.tui.paths import shown, shown_name

    assert shown_name(Path("/x/\x1b[31mred\nline\udcff.toml")) == "red line\ufffd.toml"
    assert shown(Path("/tmp/a\x07b/c\td.toml")) == "/tmp/ab/c d.toml"


def test_an_unknown_key_made_of_control_characters_is_spelled_out() -> None:
    # The reason read "unknown key ''": the key was cleaned away entirely.
    from cyclemap.store import MapFileError, parse_map

    text = (ROOT / "tests/data/broken/escape-in-key.toml").read_bytes()
    try:
        parse_map(text, "x.toml")
    except MapFileError as error:
        assert error.reason == "unknown key '\\x1b[2J\\x1b]0;pwned\\x07'"
    else:  # pragma: no cover
        raise AssertionError("the file was read")


ROOT = Path(__file__).resolve().parents[2]


def _leftover(folder: Path, name: str, age: float) -> Path:
    """What a save killed after writing its temporary file leaves behind."""
    import os
    import time

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".{name}.0123456789ab.tmp"
    path.write_text("words typed in the walkthrough")
    os.utime(path, (time.time() - age, time.time() - age))
    return path


def test_discarding_the_walkthrough_removes_what_a_killed_save_left_of_it(tmp_path: Path):
    # discard_draft removed only drafts/walkthrough.toml: a temporary file left by a killed
    # draft save kept the discarded words for ever (drafts/ was never swept).
    library = Library(tmp_path / "library")
    library.save_draft({"partners": [{"name": "Alex"}]})
    fresh = _leftover(library.drafts_root, "walkthrough.toml", age=5)
    library.discard_draft()
    assert not fresh.exists()


def test_a_draft_save_sweeps_stale_leftovers(tmp_path: Path):
    library = Library(tmp_path / "library")
    stale = _leftover(library.drafts_root, "walkthrough.toml", age=7200)
    library.save_draft({"partners": [{"name": "Alex"}]})
    assert not stale.exists()


def test_a_log_save_sweeps_stale_leftovers(tmp_path: Path):
    # logs/ was never swept either.
    from datetime import date

    from cyclemap import checkin

    library = Library(tmp_path / "library")
    library.save(model.validate_map(map_data()))
    stale = _leftover(library.root / "logs", "sunday-nights.toml", age=7200)
    entry = checkin.make_entry(when=date(2026, 1, 1), what_set_it_off="x", caught=True)
    checkin.add_entry(library, "sunday-nights", entry)
    assert not stale.exists()


def test_cleaning_is_idempotent_so_a_map_reads_back_as_saved(tmp_path: Path) -> None:
    # " \ufeff" was stripped to "\ufeff", saved, then cleaned again to "" on reading: the map
    # read back differed from the one saved (and every save would rewrite the file).
    for raw in (" \ufeff", "\u2028\ufeffwords", "\x1b[31m \ufeffx"):
        cycle_map = model.validate_map(map_data(notes=raw, title=f"t{raw}"))
        library = Library(tmp_path / "library")
        library.save(cycle_map)
        assert library.load(cycle_map.id) == cycle_map
        assert model.validate_map(cycle_map.model_dump()) == cycle_map
