"""The feelings vocabulary shipped with the package, and the suggestions drawn from it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.resources import files

import pytest

from cyclemap.vocabulary import Vocabulary, complete, last_part, load_vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def test_the_data_file_ships_inside_the_package() -> None:
    resource = files("cyclemap").joinpath("data", "feelings.toml")
    assert resource.is_file()
    data = tomllib.loads(resource.read_text(encoding="utf-8"))
    assert set(data) == {"surface", "underlying"}


def test_loading_is_cached_and_gives_tuples(vocab: Vocabulary) -> None:
    assert load_vocabulary() is vocab
    assert isinstance(vocab.surface, tuple)
    assert isinstance(vocab.underlying, tuple)


@pytest.mark.parametrize("kind", ["surface", "underlying"])
def test_each_list_is_a_useful_size_without_repeats(vocab: Vocabulary, kind: str) -> None:
    words = vocab.words(kind)
    assert 30 <= len(words) <= 50
    folded = [w.casefold() for w in words]
    assert len(set(folded)) == len(folded)


@pytest.mark.parametrize("kind", ["surface", "underlying"])
def test_words_are_plain_and_fit_a_comma_separated_answer(vocab: Vocabulary, kind: str) -> None:
    for word in vocab.words(kind):
        assert word == word.strip() and word
        assert "," not in word  # a comma separates feelings in an answer
        assert len(word) <= 30
        assert word.isprintable()


def test_surface_and_underlying_feelings_are_kept_apart(vocab: Vocabulary) -> None:
    assert not {w.casefold() for w in vocab.surface} & {w.casefold() for w in vocab.underlying}


def test_the_words_a_therapist_would_expect_are_there(vocab: Vocabulary) -> None:
    for word in [
        "frustrated", "angry", "irritated", "numb", "defensive", "annoyed", "critical", "cold",
        "shut down",
    ]:  # fmt: skip
        assert word in vocab.surface
    for word in [
        "alone", "not good enough", "rejected", "unimportant", "afraid of failing", "scared",
        "ashamed", "hurt", "unwanted", "invisible", "overwhelmed", "helpless", "sad",
        "afraid of losing you", "like a failure", "abandoned",
    ]:  # fmt: skip
        assert word in vocab.underlying


def test_suggestions_are_case_insensitive(vocab: Vocabulary) -> None:
    assert "frustrated" in vocab.suggest("FRU", "surface")
    assert "rejected" in vocab.suggest("Rej", "underlying")


def test_suggestions_match_the_start_of_any_word(vocab: Vocabulary) -> None:
    found = vocab.suggest("fail", "underlying")
    assert "afraid of failing" in found
    assert "like a failure" in found
    assert vocab.suggest("own", "surface") == []  # not the middle of "shut down"
    assert vocab.suggest("ected", "underlying") == []


def test_phrases_that_begin_with_what_is_typed_come_first(vocab: Vocabulary) -> None:
    found = vocab.suggest("a", "underlying")
    starts = [w for w in found if w.casefold().startswith("a")]
    assert found[: len(starts)] == starts
    assert any(not w.casefold().startswith("a") for w in found)  # "like a failure"


def test_several_words_typed_match_a_phrase(vocab: Vocabulary) -> None:
    assert vocab.suggest("afraid of l", "underlying") == ["afraid of losing you"]
    assert vocab.suggest("shut  d", "surface") == ["shut down"]


def test_only_the_last_comma_separated_part_is_completed(vocab: Vocabulary) -> None:
    assert vocab.suggest("alone, rej", "underlying") == ["rejected"]
    assert vocab.suggest("angry,fr", "surface") == ["frustrated"]


def test_feelings_already_typed_are_not_offered_again(vocab: Vocabulary) -> None:
    assert "hurt" not in vocab.suggest("hurt, sad, hu", "underlying")
    assert "hurt" in vocab.suggest("hu", "underlying")


def test_nothing_typed_offers_nothing(vocab: Vocabulary) -> None:
    assert vocab.suggest("", "surface") == []
    assert vocab.suggest("alone, ", "underlying") == []
    assert vocab.suggest("   ", "underlying") == []


def test_typographic_apostrophes_match(vocab: Vocabulary) -> None:
    assert vocab.suggest("like I don\u2019t", "underlying") == ["like I don't matter"]


def test_limit(vocab: Vocabulary) -> None:
    assert len(vocab.suggest("a", "underlying", limit=2)) == 2


def test_the_question_keys_name_the_same_lists(vocab: Vocabulary) -> None:
    assert vocab.words("surface_feeling") == vocab.surface
    assert vocab.words("underlying_feeling") == vocab.underlying
    assert vocab.suggest("num", "surface_feeling") == ["numb"]


def test_an_unknown_kind_is_an_error(vocab: Vocabulary) -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        vocab.suggest("a", "fear")


def test_complete_replaces_only_the_last_part() -> None:
    assert complete("alone, rej", "rejected") == "alone, rejected"
    assert complete("rej", "rejected") == "rejected"
    assert complete("hurt,sad,lon", "lonely") == "hurt,sad, lonely"
    assert last_part("alone,  rej ") == "rej"


def test_vocabulary_never_imports_textual() -> None:
    code = (
        "import sys, cyclemap.vocabulary as v; v.load_vocabulary(); print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
