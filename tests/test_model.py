"""The model: every valid shape, every invalid case with the message a person sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cyclemap import terms
from cyclemap.model import (
    ANSWER_MAX,
    NAME_MAX,
    QUESTIONS,
    CycleMap,
    Pattern,
    Position,
    clean_text,
    describe_validation_error,
    slugify,
    validate_map,
)
from tests.conftest import map_data, partner


def problem(data: dict) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_map(data)
    return describe_validation_error(caught.value, data)


def test_minimal_map_is_valid_with_defaults() -> None:
    cycle_map = validate_map(map_data())
    assert cycle_map.schema_version == 1
    assert cycle_map.notes == ""
    assert cycle_map.cycle_name is None
    assert cycle_map.partners[0].meaning is None
    assert cycle_map.created.tzinfo is not None


def test_every_optional_field_is_kept() -> None:
    optional = {
        key: f"some {key}"
        for key in ("meaning", "surface_feeling", "fear", "longing", "guess", "reach", "respond")
    }
    data = map_data(
        cycle_name="The Storm",
        couple="Alex & Sam",
        pause_phrase="The Storm is here",
        warning_signs="short answers",
        notes="from our third session",
    )
    data["partners"][0].update(optional)
    cycle_map = validate_map(data)
    for key, value in optional.items():
        assert cycle_map.partners[0].answer(key) == value
    assert cycle_map.cycle_name == "The Storm"
    assert cycle_map.couple == "Alex & Sam"


@pytest.mark.parametrize(
    ("a", "b", "pattern", "johnson"),
    [
        ("pursue", "withdraw", Pattern.PURSUE_WITHDRAW, "Protest Polka"),
        ("withdraw", "pursue", Pattern.PURSUE_WITHDRAW, "Protest Polka"),
        ("pursue", "pursue", Pattern.ATTACK_ATTACK, "Find the Bad Guy"),
        ("withdraw", "withdraw", Pattern.WITHDRAW_WITHDRAW, "Freeze and Flee"),
    ],
)
def test_pattern_follows_positions(a: str, b: str, pattern: Pattern, johnson: str) -> None:
    data = map_data()
    data["partners"][0]["position"] = a
    data["partners"][1]["position"] = b
    cycle_map = validate_map(data)
    assert cycle_map.pattern is pattern
    assert pattern.johnson_name == johnson
    assert "–" in pattern.label  # an en dash for people, a hyphen in files


def test_positions_in_everyday_words() -> None:
    assert Position.PURSUE.verb == "pursues"
    assert Position.WITHDRAW.everyday == "moves away"


def test_text_is_trimmed_and_blank_optional_answers_are_absent() -> None:
    data = map_data(cycle_name="   ", title="  Sunday   nights ")
    data["partners"][0].update(trigger="  Sam goes quiet \n", meaning=" \t ", name=" Alex\n")
    cycle_map = validate_map(data)
    assert cycle_map.partners[0].trigger == "Sam goes quiet"
    assert cycle_map.partners[0].meaning is None
    assert cycle_map.partners[0].name == "Alex"
    assert cycle_map.title == "Sunday nights"
    assert cycle_map.cycle_name is None
    assert "meaning" not in cycle_map.to_toml_dict()["partners"][0]


def test_multiline_answers_keep_their_lines() -> None:
    data = map_data()
    data["partners"][0]["underlying_feeling"] = "alone\r\nscared\rsmall\ttired"
    assert validate_map(data).partners[0].underlying_feeling == "alone\nscared\nsmall\ttired"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("bell\x07", "bell"),
        ("nul\x00byte", "nulbyte"),
        ("c1\x9bcontrol\x85", "c1control"),
        ("\ufeffbom", "bom"),
        ("evil\u202eoverride\u202c", "eviloverride"),
        ("iso\u2066late\u2069", "isolate"),
        ("title\x1b]0;pwned\x07", "title"),
        ("[bold]kept[/bold] [/ [@click=app.quit]", "[bold]kept[/bold] [/ [@click=app.quit]"),
        ("שלום \u200f ok", "שלום \u200f ok"),  # plain RTL mark is harmless, kept
        ("emoji 👩‍❤️‍👨 e\u0301", "emoji 👩‍❤️‍👨 e\u0301"),
    ],
)
def test_clean_text(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean


# Text with every kind of character clean_text looks for, among any others (lone surrogates too).
_DIRTY_CHARACTERS = "\r\n\t\x00\x07\x1b[]0;m\x7f\x85\x9b\u200f\u202a\u202e\u2066\u2069\ufeff"
_DIRTY_CHARACTERS += "\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff\ud800\udfff"


_ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=20)


@given(_ANY_TEXT, st.sampled_from(_DIRTY_CHARACTERS), _ANY_TEXT)
def test_clean_text_skips_only_text_that_needs_no_cleaning(
    before: str, dirty: str, after: str
) -> None:
    """The one search that lets clean text through unchanged never lets through anything that
    the whole cleaning would change: one character it looks for, anywhere in any text."""
    for value in (before + after, before + dirty + after, dirty):
        assert clean_text(value) == terms._clean_steps(value)


def test_markup_like_answers_are_stored_literally() -> None:
    data = map_data()
    data["partners"][1]["name"] = "Sam [i]"
    data["partners"][1]["trigger"] = "[bold]she[/bold] says [/"
    cycle_map = validate_map(data)
    assert cycle_map.partners[1].name == "Sam [i]"
    assert cycle_map.partners[1].trigger == "[bold]she[/bold] says [/"


@pytest.mark.parametrize("field", ["trigger", "protective_move", "underlying_feeling"])
def test_required_answer_missing(field: str) -> None:
    data = map_data()
    del data["partners"][1][field]
    assert problem(data) == f"Sam · {field}: is missing"


@pytest.mark.parametrize("field", ["trigger", "protective_move", "underlying_feeling", "name"])
def test_required_answer_blank_after_trimming(field: str) -> None:
    data = map_data()
    data["partners"][0][field] = " \n\t "
    who = "partner 1" if field == "name" else "Alex"
    assert problem(data) == f"{who} · {field}: is empty"


def test_answer_too_long_names_partner_and_field() -> None:
    data = map_data()
    data["partners"][1]["fear"] = "x" * (ANSWER_MAX + 1)
    assert problem(data) == "Sam · fear: must be at most 1,000 characters (has 1,001)"


def test_answer_at_the_limit_is_fine() -> None:
    data = map_data()
    data["partners"][1]["fear"] = "x" * ANSWER_MAX
    assert len(validate_map(data).partners[1].fear) == ANSWER_MAX


def test_name_too_long() -> None:
    data = map_data()
    data["partners"][0]["name"] = "A" * (NAME_MAX + 1)
    assert problem(data) == "partner 1 · name: must be at most 40 characters (has 41)"


def test_unknown_keys_are_named() -> None:
    assert problem(map_data(mood="grey")) == "unknown key 'mood'"
    data = map_data()
    data["partners"][1]["feelings"] = "x"
    assert problem(data) == "unknown key 'feelings' in Sam"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_exactly_two_partners(count: int) -> None:
    data = map_data()
    data["partners"] = [partner(name=f"P{i}") for i in range(count)]
    assert problem(data) == f"partners: must list exactly two partners (found {count})"


def test_partners_must_be_a_list() -> None:
    assert problem(map_data(partners="Alex and Sam")).startswith("partners: ")


def test_position_must_be_known() -> None:
    data = map_data()
    data["partners"][0]["position"] = "sideways"
    assert problem(data) == "Alex · position: must be 'pursue' or 'withdraw'"


@pytest.mark.parametrize(
    "bad_id", ["Sunday", "sunday nights", "../etc", "a--b", "-a", "a-", "", "a" * 65, "é"]
)
def test_id_pattern(bad_id: str) -> None:
    message = problem(map_data(id=bad_id))
    assert message.startswith("id: ")


def test_wrong_types() -> None:
    assert problem(map_data(title=42)) == "title: must be text"
    assert problem(map_data(created="yesterday")).startswith("created: must be a date and time")
    data = map_data()
    data["partners"][0] = "Alex"
    assert problem(data) == "partner 1: must be a table of answers"


def test_several_problems_are_counted() -> None:
    data = map_data(title="")
    data["partners"][0]["trigger"] = ""
    assert problem(data).endswith("(and 1 more problem)")


def test_schema_version_must_be_current_after_migration() -> None:
    assert problem(map_data(schema_version=2)).startswith("schema version: ")


def test_dates_are_utc() -> None:
    cest = timezone(timedelta(hours=2))
    cycle_map = validate_map(map_data(created=datetime(2026, 11, 20, 21, 4, tzinfo=cest)))
    assert cycle_map.created == datetime(2026, 11, 20, 19, 4, tzinfo=UTC)
    naive = validate_map(map_data(updated=datetime(2026, 11, 20, 19, 4)))
    assert naive.updated.tzinfo is UTC


def test_toml_dict_leaves_out_absent_fields_and_keeps_order() -> None:
    data = validate_map(map_data(cycle_name="The Storm")).to_toml_dict()
    assert list(data)[:4] == ["schema_version", "id", "title", "cycle_name"]
    assert "couple" not in data
    assert data["partners"][0]["position"] == "pursue"
    assert type(data["partners"][0]["position"]) is str


def test_touched_updates_and_validates() -> None:
    cycle_map = validate_map(map_data(updated=datetime(2020, 1, 1, tzinfo=UTC)))
    renamed = cycle_map.touched(title="Sunday evenings")
    assert renamed.title == "Sunday evenings"
    assert renamed.updated > cycle_map.updated
    with pytest.raises(ValidationError):
        cycle_map.touched(title="")


def test_maps_are_immutable() -> None:
    cycle_map = validate_map(map_data())
    with pytest.raises(ValidationError):
        cycle_map.title = "x"  # type: ignore[misc]
    assert isinstance(cycle_map, CycleMap)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Sunday nights", "sunday-nights"),
        ("  The Storm!! ", "the-storm"),
        ("L'été à Paris", "l-ete-a-paris"),
        ("☕☕", "cycle"),
        ("x" * 100, "x" * 64),
        ("[bold]/../etc", "bold-etc"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_questions_cover_every_answer_field() -> None:
    from cyclemap.model import PartnerSide

    answer_fields = set(PartnerSide.model_fields) - {"name", "position"}
    assert {q.key for q in QUESTIONS} == answer_fields
    assert [q.key for q in QUESTIONS if q.required] == [
        "trigger",
        "protective_move",
        "underlying_feeling",
    ]
