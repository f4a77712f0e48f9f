"""The check-in log: storage, what it refuses, the listing, the month-by-month summary, and the
`cyclemap log` command.

Golden files: tests/golden/log-*.txt. After an intended change of the wording, regenerate with
    CYCLEMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_checkin.py
"""

from __future__ import annotations

import builtins
import os
import stat
import tomllib
from datetime import date
from pathlib import Path

import pytest

from cyclemap import checkin
from cyclemap.checkin import CheckIn, CheckInLog, make_entry
from cyclemap.cli import main
from cyclemap.model import validate_map
from cyclemap.store import Library, StoreError
from tests.conftest import map_data

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


def entry(day: str, what: str, caught: bool, pause: bool | None = None, repair=None) -> CheckIn:
    return make_entry(
        when=date.fromisoformat(day),
        what_set_it_off=what,
        caught=caught,
        pause_phrase_used=pause,
        repair=repair,
    )


# A few months of check-ins, in the order they were added (October has none).
ENTRIES = [
    entry("2026-08-30", "planning the week on Sunday night", False),
    entry("2026-09-03", "the school forms", True, True, "we stopped, made tea, started again"),
    entry("2026-09-14", "the phone came out at dinner", False, repair="talked the next morning"),
    entry("2026-09-21", "his mother's visit", True),
    entry("2026-09-21", "the bank statement", True, False),
    entry("2026-09-28", "running late for the train", False),
    entry("2026-11-02", "the holiday plans", True, True),
    entry("2026-11-09", "a short answer in the kitchen", True, True, "a hug, and a second try"),
]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library")
    library.save(validate_map(map_data(pause_phrase="The Storm is here — can we slow down?")))
    return library


@pytest.fixture
def filled(library: Library) -> Library:
    checkin.save_log(library, "sunday-nights", CheckInLog(entries=tuple(ENTRIES)))
    return library


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class FakeStdin:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


# ---- the model ------------------------------------------------------------------------------


def test_text_is_cleaned_like_the_maps() -> None:
    item = entry("2026-09-03", "  the \x1b[31mphone\x07 came out\u202e ", True, repair="  ")
    assert item.what_set_it_off == "the phone came out"
    assert item.repair is None  # blank optional answers are simply absent


def test_limits_and_required_answers_in_plain_words() -> None:
    with pytest.raises(StoreError, match=r"^what set it off: must be at most 1,000 characters"):
        entry("2026-09-03", "x" * 1001, True)
    with pytest.raises(StoreError, match=r"^repair: must be at most 1,000 characters"):
        entry("2026-09-03", "x", True, repair="y" * 1001)
    with pytest.raises(StoreError, match=r"^what set it off: is empty"):
        entry("2026-09-03", "   ", True)
    assert len(entry("2026-09-03", "x" * 1000, True).what_set_it_off) == 1000


def test_newest_first_by_date_then_latest_added() -> None:
    log = CheckInLog(entries=tuple(ENTRIES))
    newest = log.newest_first()
    assert newest[0].what_set_it_off == "a short answer in the kitchen"
    # Two on 21 Sep: the one added later comes first.
    same_day = [e.what_set_it_off for e in newest if e.date == date(2026, 9, 21)]
    assert same_day == ["the bank statement", "his mother's visit"]
    assert newest[-1].what_set_it_off == "planning the week on Sunday night"


# ---- storage --------------------------------------------------------------------------------


def test_stored_privately_next_to_the_maps(library: Library) -> None:
    checkin.add_entry(library, "sunday-nights", ENTRIES[1])
    path = library.root / "logs" / "sunday-nights.toml"
    assert path.is_file()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data == {
        "schema_version": 1,
        "entries": [
            {
                "date": date(2026, 9, 3),
                "what_set_it_off": "the school forms",
                "caught": True,
                "pause_phrase_used": True,
                "repair": "we stopped, made tea, started again",
            }
        ],
    }
    assert "[[entries]]" in path.read_text(encoding="utf-8")
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp files


def test_round_trip(filled: Library) -> None:
    log = checkin.load_log(filled, "sunday-nights")
    assert log.entries == tuple(ENTRIES)
    text = checkin.log_to_toml(log)
    assert checkin.parse_log(text, "x.toml") == log
    # Adding keeps every earlier entry, in order.
    more = checkin.add_entry(filled, "sunday-nights", entry("2026-11-12", "late again", False))
    assert more.entries[:-1] == tuple(ENTRIES)
    assert checkin.load_log(filled, "sunday-nights") == more


def test_a_missing_log_is_empty(library: Library) -> None:
    assert checkin.load_log(library, "sunday-nights").entries == ()
    assert not (library.root / "logs").exists()  # reading creates nothing


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("schema_version = 1\n[[entries]\n", "is not valid TOML"),
        ("", "the file is empty"),
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        ("entries = []\n", "schema_version is missing"),
        ("schema_version = 3\n", "made by a newer version of cyclemap (schema_version 3)"),
        (
            'schema_version = 1\n[[entries]]\ndate = 2026-09-03\nwhat_set_it_off = "x"\n'
            'caught = true\nmood = "tired"\n',
            "unknown key 'mood' in entry 1",
        ),
        (
            'schema_version = 1\n[[entries]]\ndate = 2026-09-03\nwhat_set_it_off = "x"\n'
            'caught = "yes"\n',
            "entry 1 · caught it: must be true or false",
        ),
        (
            'schema_version = 1\n[[entries]]\ndate = "2026-09-03"\nwhat_set_it_off = "x"\n'
            "caught = true\n",
            "entry 1 · date: must be a date, like 2026-11-20",
        ),
        (
            "schema_version = 1\n[[entries]]\ndate = 2026-09-03\ncaught = true\n",
            "entry 1 · what set it off: is missing",
        ),
    ],
    ids=[
        "not-toml",
        "empty",
        "binary",
        "no-version",
        "newer",
        "unknown-key",
        "bool-as-text",
        "date-as-text",
        "missing",
    ],
)
def test_a_broken_log_is_one_line_and_never_rewritten(
    library: Library, content: str | bytes, reason: str
) -> None:
    path = checkin.log_path(library, "sunday-nights")
    path.parent.mkdir(mode=0o700)
    raw = content.encode() if isinstance(content, str) else content
    path.write_bytes(raw)
    with pytest.raises(StoreError) as error:
        checkin.load_log(library, "sunday-nights")
    message = str(error.value)
    assert message.startswith(f"{path}: ") and reason in message
    assert "\n" not in message
    with pytest.raises(StoreError):
        checkin.add_entry(library, "sunday-nights", ENTRIES[0])
    assert path.read_bytes() == raw


def test_a_log_for_an_id_that_isnt_valid(library: Library) -> None:
    with pytest.raises(StoreError, match="not a valid map id"):
        checkin.log_path(library, "../outside")


# ---- listing and summary -------------------------------------------------------------------


def test_months_include_the_empty_ones() -> None:
    months = checkin.months(ENTRIES)
    assert [(m.label, m.total, m.caught, m.pause_phrase) for m in months] == [
        ("2026-08", 1, 0, 0),
        ("2026-09", 5, 3, 1),
        ("2026-10", 0, 0, 0),
        ("2026-11", 2, 2, 2),
    ]
    december = entry("2026-12-30", "x", True)
    january = entry("2027-01-02", "y", False)
    assert [m.label for m in checkin.months([december, january])] == ["2026-12", "2027-01"]


def test_bars_never_make_some_look_like_none_or_all() -> None:
    assert checkin.bar(3, 5) == "██████░░░░"
    assert checkin.bar(0, 4) == "░░░░░░░░░░"
    assert checkin.bar(4, 4) == "██████████"
    assert checkin.bar(1, 40) == "█░░░░░░░░░"
    assert checkin.bar(39, 40) == "█████████░"
    assert checkin.bar(1, 2, ascii=True) == "#####....."


def test_summary_chart(filled: Library, capsys) -> None:
    code, out, err = run(
        capsys, "--data-dir", str(filled.root), "log", "sunday-nights", "--summary"
    )
    assert (code, err) == (0, "")
    check_golden("log-summary.txt", out)
    assert "2026-09  ██████░░░░  3 of 5 caught" in out
    assert "2026-10              no check-ins" in out
    assert "In all: 5 of 8 caught (63%); the pause phrase was said 3 times." in out


def test_summary_chart_ascii(filled: Library, capsys) -> None:
    code, out, _ = run(
        capsys, "--data-dir", str(filled.root), "log", "sunday-nights", "--summary", "--ascii"
    )
    assert code == 0
    check_golden("log-summary-ascii.txt", out)
    assert out.isascii()


def test_listing_newest_first(filled: Library, capsys) -> None:
    code, out, _ = run(capsys, "--data-dir", str(filled.root), "log", "sunday-nights")
    assert code == 0
    check_golden("log-list.txt", out)
    assert out.startswith("Check-ins for 'Sunday nights' — 8 check-ins, newest first\n")
    assert out.index("9 Nov 2026") < out.index("2 Nov 2026") < out.index("30 Aug 2026")
    assert "  How we repaired: a hug, and a second try" in out


def test_empty_log(library: Library, capsys) -> None:
    code, out, _ = run(capsys, "--data-dir", str(library.root), "log", "sunday-nights")
    assert (code, out) == (
        0,
        "No check-ins yet for 'Sunday nights'. Add one with: cyclemap log sunday-nights --add\n",
    )
    code, out, _ = run(capsys, "--data-dir", str(library.root), "log", "sunday-nights", "--summary")
    assert out.endswith("No check-ins yet.\n")


# ---- adding from the command line -------------------------------------------------------------


def test_add_with_options_for_scripts(library: Library, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(tty=False))
    code, out, err = run(
        capsys,
        "--data-dir",
        str(library.root),
        "log",
        "sunday-nights",
        "--add",
        "--date",
        "2026-09-03",
        "--what",
        "the school forms [b]",
        "--caught",
        "yes",
        "--pause-phrase",
        "no",
        "--repair",
        "tea",
    )
    assert (code, err) == (0, "")
    assert out == "Added a check-in of 3 Sep 2026 to the log of 'Sunday nights' (1 in all).\n"
    (saved,) = checkin.load_log(library, "sunday-nights").entries
    assert saved == entry("2026-09-03", "the school forms [b]", True, False, "tea")


def test_add_without_a_terminal_needs_the_required_answers(
    library: Library, capsys, monkeypatch
) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(tty=False))
    monkeypatch.setattr(builtins, "input", lambda *_: pytest.fail("must not ask"))
    code, out, err = run(
        capsys, "--data-dir", str(library.root), "log", "sunday-nights", "--add", "--what", "x"
    )
    assert (code, out) == (1, "")
    assert err.startswith("cyclemap: no terminal to ask in: give --caught")
    assert err.count("\n") == 1
    assert not checkin.log_path(library, "sunday-nights").exists()


def test_add_asks_for_what_is_missing(library: Library, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(tty=True))
    answers = iter(["", "maybe", "y", "", "we went for a walk"])
    prompts: list[str] = []

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(builtins, "input", fake_input)
    code, out, err = run(
        capsys,
        "--data-dir",
        str(library.root),
        "log",
        "sunday-nights",
        "--add",
        "--date",
        "2026-09-03",
        "--what",
        "the dishes",
    )
    assert code == 0, err
    # Not asked: the date and what set it off. Asked again after an empty and a wrong answer.
    assert prompts[0].startswith("Did you catch the cycle")
    assert prompts[1] == prompts[0] and prompts[2] == prompts[0]
    assert '("The Storm is here — can we slow down?")' in prompts[3]
    assert prompts[4].startswith("How did you repair")
    assert "Please answer y or n." in err
    (saved,) = checkin.load_log(library, "sunday-nights").entries
    assert saved == entry("2026-09-03", "the dishes", True, None, "we went for a walk")


def test_add_asks_everything_and_checks_the_date(library: Library, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(tty=True))
    answers = iter(["2999-01-01", "03/09/2026", "2026-09-03", "", "the dishes", "n", ""])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    code, _, err = run(capsys, "--data-dir", str(library.root), "log", "sunday-nights", "--add")
    assert code == 0, err
    assert "is still to come" in err and "is not a date like" in err
    assert "A few words are enough." in err
    (saved,) = checkin.load_log(library, "sunday-nights").entries
    # Not caught: the pause phrase question is not asked.
    assert saved == entry("2026-09-03", "the dishes", False)


def test_stopping_with_ctrl_d_adds_nothing(library: Library, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(tty=True))

    def eof(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr(builtins, "input", eof)
    code, _, err = run(capsys, "--data-dir", str(library.root), "log", "sunday-nights", "--add")
    assert code == 1
    assert err == "cyclemap: stopped before the check-in was complete; nothing was added\n"
    assert not checkin.log_path(library, "sunday-nights").exists()


def test_add_refuses_a_broken_log_before_asking(library: Library, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", FakeStdin(tty=True))
    monkeypatch.setattr(builtins, "input", lambda *_: pytest.fail("must not ask"))
    path = checkin.log_path(library, "sunday-nights")
    path.parent.mkdir(mode=0o700)
    path.write_text("schema_version = 1\nentries = 3\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(library.root), "log", "sunday-nights", "--add")
    assert (code, out) == (1, "")
    assert err.startswith(f"cyclemap: {path}: ") and err.count("\n") == 1
    assert path.read_text(encoding="utf-8") == "schema_version = 1\nentries = 3\n"
    code, _, err = run(capsys, "--data-dir", str(library.root), "log", "sunday-nights")
    assert code == 1 and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--what", "x"], 1, "describe a new check-in; add --add"),
        (["--add", "--date", "2999-01-01", "--what", "x", "--caught", "y"], 2, "still to come"),
        (["--add", "--date", "yesterday"], 2, "is not a date like"),
        (["--add", "--caught", "perhaps"], 2, "'perhaps' is not yes or no"),
        (["--add", "--summary"], 2, "not allowed with argument"),
    ],
    ids=["option-without-add", "future", "not-a-date", "not-yes-no", "add-and-summary"],
)
def test_log_usage_errors(library: Library, capsys, argv, code, message) -> None:
    argv = ["--data-dir", str(library.root), "log", "sunday-nights", *argv]
    if code == 2:
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 2
        err = capsys.readouterr().err
    else:
        result, _, err = run(capsys, *argv)
        assert result == code
    assert message in err


def test_log_of_a_map_that_isnt_there(library: Library, capsys) -> None:
    code, _, err = run(capsys, "--data-dir", str(library.root), "log", "nope")
    assert code == 1 and err.startswith("cyclemap: no map called 'nope'")
    code, _, err = run(
        capsys,
        "--data-dir",
        str(library.root),
        "log",
        "nope",
        "--add",
        "--what",
        "x",
        "--caught",
        "no",
    )
    assert code == 1 and "no map called 'nope'" in err
