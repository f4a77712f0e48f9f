"""The command line, end to end: what a person types and what they read back."""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cyclemap.cli import main
from cyclemap.model import QUESTIONS, validate_map
from tests.conftest import EXAMPLES


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cyclemap(*argv: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cyclemap", *argv], capture_output=True, text=True, **kwargs
    )


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return tmp_path / "library"


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert re.fullmatch(r"cyclemap \d+\.\d+\.\d+\n", capsys.readouterr().out)


def test_where_follows_data_dir_and_environment(capsys, library: Path, private_home: Path) -> None:
    assert run(capsys, "--data-dir", str(library), "where") == (0, f"{library}\n", "")
    assert run(capsys, "where")[1] == f"{private_home}\n"


def test_empty_library_says_how_to_start(capsys, library: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(library), "list")
    assert code == 0
    assert "cyclemap new" in out


def test_import_then_list(capsys, library: Path) -> None:
    for example in EXAMPLES:
        code, out, err = run(capsys, "--data-dir", str(library), "import", str(example))
        assert (code, err) == (0, "")
        assert example.stem in out
    code, out, _ = run(capsys, "--data-dir", str(library), "list")
    assert code == 0
    assert len(out.splitlines()) == len(EXAMPLES)
    for example in EXAMPLES:
        cycle_map = validate_map(tomllib.loads(example.read_text()))
        line = next(line for line in out.splitlines() if line.startswith(cycle_map.id))
        assert cycle_map.title in line and cycle_map.pattern.label in line
        assert all(p.name in line for p in cycle_map.partners)
    assert stat.S_IMODE(library.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in library.glob("*.toml"))


def test_import_takes_many_files_at_once(capsys, library: Path) -> None:
    """`cyclemap import examples/*.toml`: a line for each."""
    code, out, err = run(capsys, "--data-dir", str(library), "import", *map(str, EXAMPLES))
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == len(EXAMPLES)
    assert sorted(p.stem for p in library.glob("*.toml")) == sorted(e.stem for e in EXAMPLES)


def test_import_adds_the_good_files_and_names_the_others(
    capsys, library: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_bytes(EXAMPLES[1].read_bytes()[:100])
    run(capsys, "--data-dir", str(library), "import", str(EXAMPLES[2]))
    files = [str(EXAMPLES[0]), str(broken), str(EXAMPLES[2]), str(tmp_path / "missing.toml")]
    code, out, err = run(capsys, "--data-dir", str(library), "import", *files)
    assert code == 1
    assert out.splitlines() == [line for line in out.splitlines() if EXAMPLES[0].stem in line]
    lines = err.splitlines()
    assert len(lines) == 4, err
    assert str(broken) in lines[0] and "--replace" in lines[1] and "missing.toml" in lines[2]
    assert lines[3] == "cyclemap: 3 of 4 files not imported"
    assert "Traceback" not in err
    assert sorted(p.stem for p in library.glob("*.toml")) == sorted(
        [EXAMPLES[0].stem, EXAMPLES[2].stem]
    )


def test_list_json(capsys, library: Path) -> None:
    run(capsys, "--data-dir", str(library), "import", str(EXAMPLES[0]))
    code, out, _ = run(capsys, "--data-dir", str(library), "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    assert set(rows[0]) == {
        "id",
        "title",
        "cycle_name",
        "couple",
        "pattern",
        "partners",
        "updated",
        "path",
    }
    assert rows[0]["id"] == EXAMPLES[0].stem


def test_list_skips_a_broken_file_with_a_warning(capsys, library: Path) -> None:
    run(capsys, "--data-dir", str(library), "import", str(EXAMPLES[0]))
    broken = library / "broken.toml"
    broken.write_bytes(b'title = "half')
    code, out, err = run(capsys, "--data-dir", str(library), "list")
    assert code == 0
    assert EXAMPLES[0].stem in out
    assert "broken.toml" in err and len(err.splitlines()) == 1
    assert broken.read_bytes() == b'title = "half'


def test_import_refuses_to_overwrite_without_replace(capsys, library: Path) -> None:
    run(capsys, "--data-dir", str(library), "import", str(EXAMPLES[0]))
    code, _, err = run(capsys, "--data-dir", str(library), "import", str(EXAMPLES[0]))
    assert code == 1
    assert "--replace" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, "--data-dir", str(library), "import", str(EXAMPLES[0]), "--replace")
    assert (code, err) == (0, "")


def test_import_replace_keeps_the_old_version(capsys, library: Path, tmp_path: Path) -> None:
    run(capsys, "--data-dir", str(library), "import", str(EXAMPLES[0]))
    changed = tmp_path / EXAMPLES[0].name
    changed.write_text(EXAMPLES[0].read_text().replace('title = "', 'title = "Changed: ', 1))
    assert run(capsys, "--data-dir", str(library), "import", str(changed), "--replace")[0] == 0
    versions = list((library / "history" / EXAMPLES[0].stem).glob("*.toml"))
    assert len(versions) == 1
    assert "Changed: " not in versions[0].read_text()
    assert "Changed: " in (library / EXAMPLES[0].name).read_text()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_show_ascii_at_80_columns_shows_every_answer(capsys, example: Path) -> None:
    code, out, err = run(capsys, "show", str(example), "--ascii", "--width", "80")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    cycle_map = validate_map(tomllib.loads(example.read_text()))
    shown = words(out)
    for partner in cycle_map.partners:
        for question in QUESTIONS:
            answer = partner.answer(question.key)
            if answer and question.part == "cycle":
                for word in words(answer):
                    assert word in shown, f"{partner.name} · {question.key}: '{word}' not shown"


@pytest.mark.parametrize("width", ["40", "60", "120"])
def test_show_respects_width(capsys, width: str) -> None:
    code, out, _ = run(capsys, "show", str(EXAMPLES[0]), "--width", width)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= int(width)


def test_export_to_a_file_is_private(capsys, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    code, out, err = run(capsys, "export", str(EXAMPLES[0]), "--format", "md", "-o", str(target))
    assert code == 0 and out == ""
    assert str(target) in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("#")


def test_export_to_a_folder_uses_the_suggested_name(capsys, tmp_path: Path) -> None:
    code, _, _ = run(capsys, "export", str(EXAMPLES[0]), "--format", "json", "-o", str(tmp_path))
    assert code == 0
    written = list(tmp_path.glob("*.json"))
    assert len(written) == 1
    assert json.loads(written[0].read_text())["id"] == EXAMPLES[0].stem


@pytest.mark.parametrize("fmt", ["text", "md", "svg", "html", "json", "toml", "card"])
def test_export_every_format_to_stdout(capsys, fmt: str) -> None:
    code, out, err = run(capsys, "export", str(EXAMPLES[0]), "--format", fmt, "-o", "-")
    assert (code, err) == (0, "")
    assert out.endswith("\n") and len(out) > 50


def test_export_to_dev_null_is_quiet(capsys) -> None:
    assert run(capsys, "export", str(EXAMPLES[0]), "-o", "/dev/null") == (0, "", "")


def test_check_a_good_file(capsys) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLES[0]))
    assert code == 0 and out.startswith("ok: ")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "truncated"),
        (b"", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"future", "newer"),
    ],
    ids=["truncated", "empty", "binary", "future"],
)
def test_check_a_bad_file_says_why_in_one_line(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    source = EXAMPLES[0].read_bytes()
    if content is None:
        content = source[: len(source) // 2]
    elif content == b"future":
        content = source.replace(b"schema_version = 1", b"schema_version = 7")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(content)
    result = cyclemap("check", str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(bad) in result.stderr
    if expected != "truncated":
        assert expected.lower() in result.stderr.lower()
    assert bad.read_bytes() == content


@pytest.mark.parametrize("map_id", ["con", "nul", "com1", "aux"])
def test_check_says_what_import_would_refuse(capsys, tmp_path: Path, map_id: str) -> None:
    """A map whose id Windows keeps for a device is valid to export, but cannot be a file of
    the library: check is asked before an import, so it says so, as import does."""
    path = tmp_path / "device.toml"
    path.write_text(EXAMPLES[0].read_text().replace('id = "', f'id = "{map_id}" # ', 1))
    code, out, err = run(capsys, "check", str(path))
    assert (code, out) == (1, "")
    assert str(path) in err and "Windows keeps that name" in err and f"{map_id}-1" in err
    assert len(err.splitlines()) == 1
    code, _, import_err = run(capsys, "--data-dir", str(tmp_path / "lib"), "import", str(path))
    assert code == 1 and err.split(": ", 2)[-1] in import_err


def test_a_missing_map_is_one_line(capsys, library: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(library), "show", "no-such-map")
    assert code == 1 and out == ""
    assert "no-such-map" in err and len(err.splitlines()) == 1


def test_a_missing_file_is_one_line(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "nope.toml"))
    assert code == 1 and "no such file" in err


def test_usage_errors_exit_2() -> None:
    result = cyclemap("export", str(EXAMPLES[0]), "--format", "pdf")
    assert result.returncode == 2
    assert "'pdf' is not one of text, md" in result.stderr
    assert cyclemap("show", str(EXAMPLES[0]), "--width", "5").returncode == 2
    assert cyclemap("frobnicate").returncode == 2


def test_app_commands_need_a_terminal() -> None:
    result = cyclemap("new", stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert "terminal" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_worksheet(capsys, fmt: str) -> None:
    code, out, _ = run(capsys, "worksheet", "--format", fmt)
    assert code == 0
    for question in QUESTIONS:
        if question.part == "cycle":
            assert question.prompt in out
    assert out.count("Partner ") >= 2
    if fmt == "text":
        assert max(len(line) for line in out.splitlines()) <= 80


def test_worksheet_to_a_file(capsys, tmp_path: Path) -> None:
    target = tmp_path / "sheet.txt"
    assert run(capsys, "worksheet", "-o", str(target))[0] == 0
    assert "Underneath, I feel" in target.read_text()


def test_python_dash_m_works() -> None:
    result = cyclemap("--version")
    assert result.returncode == 0 and result.stdout.startswith("cyclemap ")


@pytest.mark.parametrize("command", ["check", "import"])
def test_a_path_with_an_escape_sequence_is_echoed_harmless(
    capsys, library: Path, tmp_path: Path, command: str
) -> None:
    """A file name can hold anything; what cyclemap says about it must not drive the terminal."""
    for name in ("cut\x1b[2Jshort.toml", "missing\x1b]0;owned\x07.toml"):
        path = tmp_path / name
        if name.startswith("cut"):
            path.write_text('title = "x', encoding="utf-8")
        code, out, err = run(capsys, "--data-dir", str(library), command, str(path))
        assert code == 1
        assert "\x1b" not in out + err and "\x07" not in out + err
        assert err.count("\n") == 1, err


def test_an_id_is_the_librarys_map_even_with_a_file_of_that_name_here(tmp_path: Path) -> None:
    """`cyclemap show sunday-nights` in a folder holding a file named `sunday-nights`."""
    library = tmp_path / "library"
    here = tmp_path / "here"
    here.mkdir()
    planted = validate_map({**tomllib.loads(EXAMPLES[0].read_text()), "title": "Planted here"})
    from cyclemap.store import map_to_toml

    (here / planted.id).write_text(map_to_toml(planted))
    assert cyclemap("--data-dir", str(library), "import", str(EXAMPLES[0])).returncode == 0
    shown = cyclemap("--data-dir", str(library), "show", planted.id, cwd=here)
    assert shown.returncode == 0, shown.stderr
    assert "Planted here" not in shown.stdout
    assert validate_map(tomllib.loads(EXAMPLES[0].read_text())).title in shown.stdout


def test_a_name_windows_keeps_is_refused_as_an_id_in_one_line(tmp_path: Path) -> None:
    result = cyclemap("--data-dir", str(tmp_path / "library"), "show", "COM1")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Windows keeps that name" in result.stderr
