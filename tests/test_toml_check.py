"""The look at TOML before tomllib (store/toml_check.py): pathological keys are refused at once,
and nothing tomllib reads as a map-sized document is ever refused."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from cyclemap.cli import main
from cyclemap.store import MapFileError, load_file, map_to_toml
from cyclemap.store.toml_check import MAX_KEY_PARTS, key_problem
from tests.conftest import EXAMPLES
from tests.strategies import cycle_maps


def depth(value: Any) -> int:
    """How many tables deep the data goes (a dotted key of n parts makes n)."""
    if isinstance(value, dict):
        return 1 + max((depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return max((depth(item) for item in value), default=0)
    return 0


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_every_example_passes(example: Path) -> None:
    assert key_problem(example.read_text(encoding="utf-8")) is None


@pytest.mark.parametrize(
    "text",
    [
        "[" + ".".join(["a"] * 1_000_000) + "]\n",  # the file: 2 MB, one table name
        ".".join(["a"] * 1_000_000) + " = 1\n",  # the same as a key: 16 s for 30,000 parts
        "x = {" + ".".join(['"a"'] * 100_000) + " = 1}\n",  # quoted parts, in an inline table
        "title = 'ok'\n" + " . ".join(["b"] * 50_000) + " = 2\n",  # spaced dots, line 2
    ],
    ids=["table", "key", "inline-quoted", "spaced"],
)
def test_a_key_of_absurd_depth_is_refused_at_once(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(MapFileError, match=f"more than {MAX_KEY_PARTS} dotted parts"):
        load_file(path)
    assert time.perf_counter() - started < 1.0


def test_the_line_is_named() -> None:
    text = 'title = "x"\n\n' + ".".join(["k"] * 40) + " = 1\n"
    assert key_problem(text).startswith("line 3 holds a key")


@pytest.mark.parametrize(
    "text",
    [
        'a = "' + "wait." * 100 + '"\n',  # dots inside a string are words
        "a = '''\n" + "." * 500 + "\n'''\n",
        'a = """\n' + "." * 500 + '\\"""' + "." * 100 + '\n"""\n',  # an escaped closing quote
        'a = """x""""\nb = "' + "." * 100 + '"\n',  # a closing quote may come with more
        "# " + "." * 500 + "\n",  # a comment
        "".join(f"a{i} = 1.5\nb{i} = 2026-11-20T19:04:00.123Z\n" for i in range(100)),
        "x = [" + ", ".join(["1.5"] * 200) + "]\n",
    ],
    ids=["basic", "literal", "escaped-quote", "extra-quotes", "comment", "values", "array"],
)
def test_dots_that_are_not_keys_are_not_counted(text: str) -> None:
    tomllib.loads(text)  # valid TOML
    assert key_problem(text) is None


@pytest.mark.parametrize(
    "text",
    ['a = "unclosed', 'a = """never', "a = 'x", "# no line break", '"' * 600_000],
    ids=["basic", "multi-line", "literal", "comment", "quotes"],
)
def test_text_that_is_not_toml_is_left_to_tomllib(text: str) -> None:
    started = time.perf_counter()
    assert key_problem(text) is None
    assert time.perf_counter() - started < 1.0


TOML_ALPHABET = st.sampled_from(list("ab.1 \"'#\n=[]{},\\") + ['"""', "'''", "\\n", '\\"'])


@settings(max_examples=1500, deadline=None)
@given(st.lists(TOML_ALPHABET, max_size=60).map("".join))
def test_whatever_tomllib_reads_at_a_sane_depth_is_not_refused(text: str) -> None:
    """The scan against tomllib itself, on text made of the characters that matter."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return
    if depth(data) <= MAX_KEY_PARTS:
        assert key_problem(text) is None, text


keys = st.text("abc.\"' ", min_size=1, max_size=6)
tables = st.recursive(
    st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=False)),
    lambda children: st.dictionaries(keys, children, max_size=3),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, tables, max_size=4))
def test_what_tomli_w_writes_is_not_refused(data: dict) -> None:
    text = tomli_w.dumps(data)
    assert depth(tomllib.loads(text)) > MAX_KEY_PARTS or key_problem(text) is None


@settings(max_examples=60, deadline=None)
@given(cycle_maps())
def test_no_map_is_refused(cycle_map) -> None:
    assert key_problem(map_to_toml(cycle_map)) is None


def test_cyclemap_list_is_not_held_up_by_such_a_file(tmp_path: Path, capsys) -> None:
    library = tmp_path / "lib"
    library.mkdir(mode=0o700)
    (library / "deep.toml").write_text("[" + ".".join(["a"] * 1_000_000) + "]\n", encoding="utf-8")
    started = time.perf_counter()
    assert main(["--data-dir", str(library), "list"]) == 0
    assert time.perf_counter() - started < 2.0
    assert "dotted parts" in capsys.readouterr().err
