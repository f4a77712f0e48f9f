"""The check-in log grows: pauses and conversations beside the check-ins, version 2 of the log
format, and the log written out whole (text, Markdown, JSON) — while every version 1 log reads,
lists and charts exactly as before.

Golden files: tests/golden/log-*.txt / .md. After an intended change of the wording, regenerate
with CYCLEMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_checkin_kinds.py
"""

from __future__ import annotations

import json
import stat
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyclemap import checkin, checkin_export
from cyclemap.checkin import CheckInLog, Conversation, Pause, Turn, make_entry, make_pause
from cyclemap.cli import main
from cyclemap.model import validate_map
from cyclemap.store import Library, StoreError
from tests.conftest import map_data
from tests.strategies import CONTROL, answer_text, hostile_text, visible
from tests.test_checkin import ENTRIES, check_golden

PHRASE = "The Storm is here — can we slow down?"

PAUSE = make_pause(when=date(2026, 11, 12), phrase=PHRASE, minutes=20)
TALK = Conversation(
    date=date(2026, 11, 12),
    moment="the holiday plans, again",
    turns=(
        Turn(
            sharer="Alex",
            listener="Sam",
            set_off="Sam looked at his phone while I was talking",
            my_part="I listed everything he forgot",
            underneath="alone",
            needed="to know I matter to him",
            reach="I felt alone, and I needed to know I matter to you",
            heard="you felt alone, not angry",
            response="I'm here. I want to hear about the plans.",
            landed="not yet",
            more="it's not about the phone",
            heard_more="it's about feeling far apart",
            landed_again="partly",
        ),
        Turn(sharer="Sam", listener="Alex", landed="yes"),
    ),
    next_time="say the pause phrase before the list starts",
    added_warning_sign="checking the phone",
)
MIXED = [*ENTRIES[:6], PAUSE, TALK, *ENTRIES[6:]]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library")
    library.save(validate_map(map_data(pause_phrase=PHRASE)))
    return library


@pytest.fixture
def mixed(library: Library) -> Library:
    checkin.save_log(library, "sunday-nights", CheckInLog(entries=tuple(MIXED)))
    return library


def run(capsys, library: Library, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(library.root), "log", "sunday-nights", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# ---- the format ---------------------------------------------------------------------------


def test_a_log_of_check_ins_alone_stays_version_1(library: Library) -> None:
    checkin.add_entry(library, "sunday-nights", ENTRIES[0])
    path = checkin.log_path(library, "sunday-nights")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert "kind" not in data["entries"][0]


def test_pauses_and_conversations_make_it_version_2(library: Library) -> None:
    checkin.add_entry(library, "sunday-nights", ENTRIES[0])
    checkin.add_entry(library, "sunday-nights", PAUSE)
    checkin.add_entry(library, "sunday-nights", TALK)
    path = checkin.log_path(library, "sunday-nights")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["schema_version"] == 2
    first, pause, talk = data["entries"]
    assert "kind" not in first  # a check-in is written exactly as in version 1
    assert pause == {"kind": "pause", "date": date(2026, 11, 12), "phrase": PHRASE, "minutes": 20}
    assert talk["kind"] == "conversation"
    assert talk["turns"][1] == {"sharer": "Sam", "listener": "Alex", "landed": "yes"}
    assert "[[entries.turns]]" in text
    assert checkin.load_log(library, "sunday-nights").entries == (ENTRIES[0], PAUSE, TALK)


def test_a_version_1_log_reads_unchanged(library: Library) -> None:
    path = checkin.log_path(library, "sunday-nights")
    path.parent.mkdir(mode=0o700)
    raw = (
        b'schema_version = 1\n\n[[entries]]\ndate = 2026-09-03\nwhat_set_it_off = "the forms"\n'
        b"caught = true\npause_phrase_used = true\n"
    )
    path.write_bytes(raw)
    log = checkin.load_log(library, "sunday-nights")
    assert log.entries == (
        make_entry(
            when=date(2026, 9, 3), what_set_it_off="the forms", caught=True, pause_phrase_used=True
        ),
    )
    assert checkin.log_to_toml(log).encode() == raw  # written back, byte for byte the same
    assert path.read_bytes() == raw  # reading never writes


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (
            'kind = "argument"\ndate = 2026-09-03\n',
            "entry 1 · kind: must be check-in, pause or conversation",
        ),
        ("kind = 3\ndate = 2026-09-03\n", "entry 1 · kind: must be check-in"),
        (
            'kind = "pause"\ndate = 2026-09-03\nminutes = 0\n',
            "entry 1 · minutes: must be a whole number from 1 to 1,440",
        ),
        (
            'kind = "pause"\ndate = 2026-09-03\nminutes = "20"\n',
            "entry 1 · minutes: must be a whole number",
        ),
        ('kind = "pause"\ndate = 2026-09-03\ncaught = true\n', "unknown key 'caught' in entry 1"),
        (
            'kind = "conversation"\ndate = 2026-09-03\n[[entries.turns]]\nsharer = "A"\n'
            'listener = "B"\nlanded = "maybe"\n',
            "entry 1 · turn 1 · did it land: must be yes, partly or not yet",
        ),
        (
            'kind = "conversation"\ndate = 2026-09-03\n[[entries.turns]]\nlistener = "B"\n',
            "entry 1 · turn 1 · who shared: is missing",
        ),
        (
            'kind = "conversation"\ndate = 2026-09-03\n'
            + '[[entries.turns]]\nsharer = "A"\nlistener = "B"\n' * 3,
            "entry 1 · turns: at most two turns",
        ),
        ('kind = "conversation"\ndate = 2026-09-03\nmood = 1\n', "unknown key 'mood' in entry 1"),
    ],
    ids=[
        "unknown-kind",
        "kind-not-text",
        "zero-minutes",
        "minutes-as-text",
        "pause-key",
        "landed",
        "no-sharer",
        "three-turns",
        "conversation-key",
    ],
)
def test_a_broken_entry_of_a_new_kind_is_one_line(
    library: Library, entry: str, reason: str
) -> None:
    path = checkin.log_path(library, "sunday-nights")
    path.parent.mkdir(mode=0o700)
    raw = f"schema_version = 2\n[[entries]]\n{entry}".encode()
    path.write_bytes(raw)
    with pytest.raises(StoreError) as error:
        checkin.load_log(library, "sunday-nights")
    message = str(error.value)
    assert reason in message and "\n" not in message
    with pytest.raises(StoreError):
        checkin.add_entry(library, "sunday-nights", PAUSE)
    assert path.read_bytes() == raw


def test_text_in_every_new_field_is_cleaned() -> None:
    turn = Turn(sharer=" Al\x1b[31mex ", listener="Sam\u202e", heard="  you were \x07scared  ")
    assert (turn.sharer, turn.listener, turn.heard) == ("Alex", "Sam", "you were scared")
    talk = Conversation(date=date(2026, 1, 1), moment="   ", next_time="\x1b]0;x\x07rest")
    assert talk.moment is None and talk.next_time == "rest"


# ---- the listing and the chart -------------------------------------------------------------


def test_version_1_listing_and_chart_are_exactly_as_before(library: Library, capsys) -> None:
    checkin.save_log(library, "sunday-nights", CheckInLog(entries=tuple(ENTRIES)))
    assert (
        run(capsys, library)[1] == (Path(__file__).parent / "golden" / "log-list.txt").read_text()
    )
    assert (
        run(capsys, library, "--summary")[1]
        == (Path(__file__).parent / "golden" / "log-summary.txt").read_text()
    )


def test_the_listing_shows_pauses_and_conversations(mixed: Library, capsys) -> None:
    code, out, _ = run(capsys, mixed)
    assert code == 0
    check_golden("log-list-mixed.txt", out)
    assert "12 Nov 2026 · talked it through\n  The moment: the holiday plans, again\n" in out
    assert "  Alex shared, Sam listened: it partly landed\n" in out
    assert "  Sam shared, Alex listened: it landed\n" in out
    assert "12 Nov 2026 · paused: caught it, with the pause phrase\n" in out
    assert "  Paused for: 20 minutes\n" in out


def test_the_chart_counts_pauses_and_conversations_beside_catches(mixed: Library, capsys) -> None:
    code, out, _ = run(capsys, mixed, "--summary")
    assert code == 0
    check_golden("log-summary-mixed.txt", out)
    assert "2026-11  ██████████  3 of 3 caught · 1 pause · 1 conversation" in out
    assert "In all: 6 of 9 caught (67%); the pause phrase was said 4 times." in out
    assert "One of the catches was a pause." in out
    assert "You talked it through once." in out


def test_a_month_of_conversations_alone() -> None:
    talk = Conversation(date=date(2026, 12, 1))
    chart = checkin.summary_chart([talk, talk], "Ours")
    assert "2026-12              2 conversations\n" in chart
    assert "In all" not in chart  # nothing was caught or missed: no share to give
    assert chart.endswith("You talked it through 2 times.\n")
    months = checkin.months([PAUSE, talk])
    assert [(m.total, m.caught, m.pause_phrase, m.pauses, m.conversations) for m in months] == [
        (1, 1, 1, 1, 0),
        (0, 0, 0, 0, 1),
    ]


# ---- written out whole ---------------------------------------------------------------------


def test_text_export_holds_every_word(mixed: Library, capsys) -> None:
    code, out, err = run(capsys, mixed, "--format", "text")
    assert (code, err) == (0, "")
    check_golden("log-full.txt", out)
    for turn in TALK.turns:
        for value in turn.model_dump(exclude_none=True).values():
            if value not in {"yes", "partly", "not yet"}:
                assert value in out
    assert "    (said aloud)\n    Did it land? Yes\n" in out


def test_markdown_export_of_the_last_conversation(mixed: Library, capsys) -> None:
    checkin.add_entry(mixed, "sunday-nights", TALK.model_copy(update={"date": date(2026, 11, 30)}))
    code, out, _ = run(capsys, mixed, "--format", "md", "--last")
    assert code == 0
    check_golden("log-last.md", out)
    assert out.startswith("# Check-ins · Sunday nights\n\n## 30 Nov 2026 · talked it through\n")
    assert out.count("## ") == 3  # one entry, two turns
    assert "*Said aloud.*" in out


def test_markdown_escapes_what_was_typed() -> None:
    talk = Conversation(
        date=date(2026, 1, 1),
        moment="# not a heading <script>x</script> [link](javascript:x)",
        turns=(Turn(sharer="*A*", listener="B", heard="1. not a list"),),
    )
    out = checkin_export.entry_markdown(talk)
    assert "\n# " not in out and "\n1. " not in out and "\\[link\\](javascript" in out
    assert "\\<script>" in out  # shown as typed, never HTML
    assert "### \\*A\\* shared" in out


def test_json_holds_every_typed_word_exactly(mixed: Library, capsys) -> None:
    code, out, _ = run(capsys, mixed, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == 2 and data["map"] == "sunday-nights"
    assert [entry["kind"] for entry in data["entries"]] == ["check-in"] * 6 + [
        "pause",
        "conversation",
        "check-in",
        "check-in",
    ]
    assert data["entries"][7] == checkin.to_data(TALK)
    assert data["entries"][7]["turns"][0]["heard_more"] == "it's about feeling far apart"
    code, last, _ = run(capsys, mixed, "--json", "--last")
    assert [entry["date"] for entry in json.loads(last)["entries"]] == ["2026-11-12"]


def test_json_of_an_empty_log(library: Library, capsys) -> None:
    code, out, _ = run(capsys, library, "--json")
    assert (code, json.loads(out)["entries"]) == (0, [])
    code, out, _ = run(capsys, library, "--format", "md")
    assert out.startswith("No check-ins yet")


def test_format_is_not_for_adding_or_the_summary(library: Library, capsys) -> None:
    code, _, err = run(capsys, library, "--summary", "--json")
    assert code == 1 and "not with --add or --summary" in err


# ---- the round trip, with anything a person might type -------------------------------------


def _turns() -> st.SearchStrategy[tuple[Turn, ...]]:
    landed = st.sampled_from([None, "yes", "partly", "not yet"])
    turn = st.builds(
        Turn,
        sharer=visible(hostile_text.map(lambda t: t[:30])),
        listener=visible(hostile_text.map(lambda t: t[:30])),
        set_off=answer_text(),
        my_part=answer_text(),
        underneath=answer_text(),
        needed=answer_text(),
        reach=answer_text(),
        heard=answer_text(),
        response=answer_text(),
        landed=landed,
        more=answer_text(),
        heard_more=answer_text(),
        landed_again=landed,
    )
    return st.lists(turn, max_size=2).map(tuple)


days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
entries = st.one_of(
    st.builds(
        make_entry,
        when=days,
        what_set_it_off=visible(hostile_text),
        caught=st.booleans(),
        pause_phrase_used=st.sampled_from([None, True, False]),
        repair=answer_text(),
    ),
    st.builds(
        make_pause,
        when=days,
        phrase=answer_text(),
        minutes=st.one_of(st.none(), st.integers(1, checkin.MINUTES_MAX)),
    ),
    st.builds(
        Conversation,
        date=days,
        moment=answer_text(),
        turns=_turns(),
        next_time=answer_text(),
        added_warning_sign=answer_text(),
        new_pause_phrase=answer_text(),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries, max_size=5))
def test_round_trip_of_any_log(items) -> None:
    log = CheckInLog(entries=tuple(items))
    text = checkin.log_to_toml(log)
    again = checkin.parse_log(text, "x.toml")
    assert again.entries == log.entries
    assert checkin.log_to_toml(again) == text
    for rendered in (
        checkin.format_entries(log, "T", "t"),
        checkin.summary_chart(log, "T"),
        checkin_export.log_text(log.newest_first(), "T"),
        checkin_export.log_markdown(log.newest_first(), "T"),
    ):
        assert not CONTROL.search(rendered.replace("\n", "").replace("\t", ""))
    data = json.loads(checkin_export.log_json(log, "t"))
    assert [checkin.to_data(entry) for entry in log.entries] == data["entries"]


def test_a_pause_needs_no_words() -> None:
    pause = make_pause(when=date(2026, 1, 1), phrase="  ", minutes=None)
    assert isinstance(pause, Pause) and pause.phrase is None
    with pytest.raises(StoreError, match="minutes: must be a whole number"):
        make_pause(when=date(2026, 1, 1), phrase=None, minutes=0)


def test_the_log_in_the_file_format_doc_is_valid_and_names_every_field() -> None:
    from tests.test_examples import DOCS, _toml_blocks

    text = (DOCS / "file-format.md").read_text(encoding="utf-8")
    (block,) = [block for block in _toml_blocks(text) if "[[entries]]" in block]
    log = checkin.parse_log(block, "file-format.md")
    assert [entry.kind for entry in log.entries] == ["check-in", "pause", "conversation"]
    assert checkin.log_to_toml(log).startswith("schema_version = 2\n")
    for model in (checkin.CheckIn, Pause, Conversation, Turn):
        for key in model.model_fields:
            assert f"`{key}`" in text or f"\n{key} = " in block, key
