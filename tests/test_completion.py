"""Shell completion: `cyclemap completion SHELL` is generated from the parser (shtab), so every
command and option completes, and a map argument completes to the library's ids."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cyclemap
from cyclemap.cli import build_parser
from cyclemap.cli.shell_commands import SHELLS, completion_script
from tests.conftest import EXAMPLES


def commands() -> list[str]:
    parser = build_parser()
    return sorted(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    from cyclemap.cli import main

    library = tmp_path / "library"
    for example in EXAMPLES:
        assert main(["--data-dir", str(library), "import", str(example)]) == 0
    return library


@pytest.fixture
def on_path(tmp_path: Path) -> Path:
    """A `cyclemap` on PATH that is this checkout's, as an installed one would be."""
    folder = tmp_path / "bin"
    folder.mkdir()
    shim = folder / "cyclemap"
    source = Path(cyclemap.__file__).resolve().parent.parent  # the cyclemap under test
    shim.write_text(f'#!/bin/sh\nPYTHONPATH="{source}" exec "{sys.executable}" -m cyclemap "$@"\n')
    shim.chmod(0o755)
    return folder


def complete_in_bash(words: list[str], library: Path, on_path: Path) -> list[str]:
    """What bash offers at the end of `words`, with the script as `source <(...)` loads it."""
    script = f"""
source <(cyclemap completion bash)
complete -p cyclemap >&2
COMP_WORDS=({" ".join(f"'{word}'" for word in words)})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_shtab_cyclemap
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        capture_output=True,
        text=True,
        env=shell_env(library, on_path),
        cwd=library.parent,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "complete -o bashdefault -F _shtab_cyclemap cyclemap" in done.stderr
    return sorted(line for line in done.stdout.splitlines() if line)


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")


@needs_bash
def test_bash_completes_commands_options_formats_and_map_ids(library: Path, on_path: Path) -> None:
    assert complete_in_bash(["cyclemap", "sh"], library, on_path) == ["show"]
    assert complete_in_bash(["cyclemap", "show", "sun"], library, on_path) == ["sunday-nights"]
    assert complete_in_bash(["cyclemap", "log", "m"], library, on_path) == ["money-talk"]
    for command in ("purge", "delete", "pause", "talk"):
        assert complete_in_bash(["cyclemap", command, "q"], library, on_path) == ["quiet-house"]
    assert complete_in_bash(
        ["cyclemap", "export", "money-talk", "--format", ""], library, on_path
    ) == sorted(["text", "md", "svg", "html", "json", "toml", "card"])
    assert "--ascii" in complete_in_bash(["cyclemap", "show", "x", "--"], library, on_path)
    assert complete_in_bash(["cyclemap", "completion", ""], library, on_path) == sorted(SHELLS)


@pytest.fixture
def other_library(tmp_path: Path) -> Path:
    """A second library, named with --data-dir on the line being completed."""
    from cyclemap.cli import main

    other = tmp_path / "other library"
    changed = tmp_path / "elsewhere.toml"
    changed.write_text(
        EXAMPLES[0].read_text().replace(f'id = "{EXAMPLES[0].stem}"', 'id = "sunny-days"')
    )
    assert main(["--data-dir", str(other), "import", str(changed)]) == 0
    return other


@needs_bash
def test_bash_completes_the_ids_of_the_library_typed(
    library: Path, other_library: Path, on_path: Path
) -> None:
    # readline splits `--data-dir=PATH` at the "=" into three words (COMP_WORDBREAKS).
    for data_dir in (
        ["--data-dir", str(other_library)],
        ["--data-dir", "=", str(other_library)],
        ["--data-dir=" + str(other_library)],
    ):
        assert complete_in_bash(["cyclemap", *data_dir, "show", "sun"], library, on_path) == [
            "sunny-days"
        ]
    assert complete_in_bash(
        ["cyclemap", "purge", "--data-dir", str(other_library), "s"], library, on_path
    ) == ["sunny-days"]
    assert complete_in_bash(["cyclemap", "show", "sun"], library, on_path) == ["sunday-nights"]


@needs_bash
def test_bash_completes_a_map_file_by_path(library: Path, on_path: Path) -> None:
    (library.parent / "ours").mkdir()
    (library.parent / "ours" / "our-map.toml").write_text("")
    (library.parent / "ours" / "notes.txt").write_text("")
    assert complete_in_bash(["cyclemap", "show", "our"], library, on_path) == ["ours"]
    assert complete_in_bash(["cyclemap", "check", "ours/"], library, on_path) == [
        "ours/our-map.toml"
    ]


@needs_bash
def test_every_command_completes_in_bash(library: Path, on_path: Path) -> None:
    assert complete_in_bash(["cyclemap", ""], library, on_path) == commands()


@pytest.mark.parametrize("shell", SHELLS)
def test_every_command_and_the_map_ids_are_in_every_script(shell: str) -> None:
    script = completion_script(build_parser(), shell)
    assert '"${dd[@]}" __complete-ids' in script or "$dd __complete-ids" in script
    for name in commands():
        assert name in script
    assert "__complete-ids" not in commands()


def test_the_command_prints_the_script() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cyclemap", "completion", "zsh"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout == completion_script(build_parser(), "zsh")


def test_complete_ids_lists_the_library_from_names_alone(library: Path) -> None:
    (library / "Not An Id.toml").write_text("")
    (library / "broken.toml").write_text("not toml at all [")
    probe = (
        "import sys, json, io, contextlib; from cyclemap.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out): code = main(sys.argv[1:])\n"
        "heavy = [m for m in sys.modules if m.startswith(('textual', 'pydantic', 'tomllib'))]\n"
        "print(json.dumps({'code': code, 'out': out.getvalue(), 'heavy': heavy}))"
    )
    for argv in (
        ["--data-dir", str(library), "__complete-ids"],
        ["__complete-ids", "--data-dir", str(library)],
    ):
        done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True)
        report = json.loads(done.stdout)
        assert report["code"] == 0 and report["heavy"] == []
        assert report["out"].split() == sorted(["broken", *(e.stem for e in EXAMPLES)])


def test_complete_ids_says_nothing_when_there_is_no_library(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cyclemap", "__complete-ids", "--data-dir", str(tmp_path / "no")],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_complete_ids_is_not_a_command_in_the_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cyclemap", "--help"], capture_output=True, text=True
    )
    assert "__complete" not in done.stdout and "completion" in done.stdout


def shell_env(library: Path, on_path: Path) -> dict[str, str]:
    # HOME: a folder of the test, so that nothing a shell keeps lands anywhere else.
    return {
        "PATH": f"{on_path}:/usr/bin:/bin",
        "CYCLEMAP_HOME": str(library),
        "HOME": str(library.parent),
    }


def run_shell(argv: list[str], library: Path, on_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        env=shell_env(library, on_path),
        cwd=library.parent,
        timeout=60,
    )


# Reads until the tab's answer is on the line (a bell, or the words grown by a completion and a
# space; `##` needs extendedglob), else gives up after 10 s.
ZSH_DRIVER = r"""
setopt extendedglob
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='> '; autoload -U compinit && compinit -u -D; source <(cyclemap completion zsh)"
zpty -w z $'WORDS\t'
out=""
for i in {1..40}; do
  zpty -rt z chunk && out+=$chunk
  [[ $out == *"WORDS"?* ]] && [[ $out == *$'\a'* || $out == *"WORDS"[a-z/-]##" "* ]] && break
  sleep 0.25
done
print -r -- "$out"
zpty -d z
"""


@pytest.mark.skipif(shutil.which("zsh") is None, reason="no zsh here")
@pytest.mark.parametrize(
    ("typed", "completed"),
    [
        ("cyclemap sh", "cyclemap show "),
        ("cyclemap show sun", "cyclemap show sunday-nights "),
        ("cyclemap purge q", "cyclemap purge quiet-house "),
        ("cyclemap export money-talk --format j", "cyclemap export money-talk --format json "),
    ],
)
def test_zsh_completes_from_a_sourced_script(
    typed: str, completed: str, library: Path, on_path: Path
) -> None:
    """`source <(cyclemap completion zsh)` in a real interactive zsh, then a tab."""
    done = run_shell(["zsh", "-f", "-c", ZSH_DRIVER.replace("WORDS", typed)], library, on_path)
    assert "can only be called from completion function" not in done.stdout + done.stderr
    assert completed in done.stdout.replace("\x08", "").replace("\r", ""), done.stdout[-300:]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="no zsh here")
def test_zsh_completes_the_ids_of_the_library_typed(
    library: Path, other_library: Path, on_path: Path
) -> None:
    # Relative to the shell's folder, so that the line stays short of the pty's 80 columns.
    # In the driver's $'…', "\\\\ " is "\\ ": an escaped space on the line.
    folder = str(other_library.relative_to(library.parent)).replace(" ", "\\\\ ")
    typed = f"cyclemap --data-dir {folder} show sun"
    done = run_shell(["zsh", "-f", "-c", ZSH_DRIVER.replace("WORDS", typed)], library, on_path)
    said = done.stdout.replace("\x08", "").replace("\r", "")
    assert "show sunny-days " in said, said[-300:]


@pytest.mark.skipif(shutil.which("fish") is None, reason="no fish here")
def test_fish_completes_the_ids_of_the_library_typed(
    library: Path, other_library: Path, on_path: Path
) -> None:
    script = (
        f"cyclemap completion fish | source; complete -C\"cyclemap --data-dir '{other_library}' "
        f'show sun"; complete -C"cyclemap --data-dir=\'{other_library}\' purge s"'
    )
    done = run_shell(["fish", "--no-config", "-c", script], library, on_path)
    assert done.returncode == 0, done.stderr
    assert [line.split("\t")[0] for line in done.stdout.splitlines()] == ["sunny-days"] * 2


@pytest.mark.skipif(shutil.which("fish") is None, reason="no fish here")
def test_fish_completes_map_ids(library: Path, on_path: Path) -> None:
    script = (
        "cyclemap completion fish | source; "
        "complete -C'cyclemap show sun'; complete -C'cyclemap purge q'; complete -C'cyclemap sh'"
    )
    done = run_shell(["fish", "--no-config", "-c", script], library, on_path)
    assert done.returncode == 0, done.stderr
    found = [line.split("\t")[0] for line in done.stdout.splitlines()]
    assert found == ["sunday-nights", "quiet-house", "show"]
