"""The README and the guide document every command the parser has, in the same form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cyclemap.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def guide_sections() -> dict[str, str]:
    """'### `cyclemap show ID …`' → the text under it, for every command of the guide."""
    commands = GUIDE.split("\n## Every command\n", 1)[1]
    parts = re.split(r"^### `cyclemap ?([a-z-]*)[^`]*`.*$", commands, flags=re.MULTILINE)
    return {name: body for name, body in zip(parts[1::2], parts[2::2], strict=True)}


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_its_section_in_the_guide(name: str) -> None:
    sections = guide_sections()
    assert name in sections, f"docs/guide.md has no '### `cyclemap {name} …`' section"
    body = sections[name]
    assert re.search(r"```console\n\$ .*cyclemap", body), f"the guide's '{name}' has no example"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    block = README.split("## Commands", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert re.search(rf"^cyclemap {name}\b.*#", block, flags=re.MULTILINE), (
        f"README's list of commands has no 'cyclemap {name} …  # …' line"
    )


def test_the_guide_has_no_section_for_a_command_that_is_not_there() -> None:
    assert set(guide_sections()) - {"", "--version"} <= set(COMMANDS)


# -- the guide's examples are the program's ------------------------------------------------------

# The examples that open the app or ask at a terminal: a test cannot run them as a person would
# (the app has its own tests); every other `$ cyclemap …` line of the guide is run below.
NEEDS_A_TERMINAL = {
    "cyclemap",
    "cyclemap new",
    'cyclemap new --couple "Priya & Tom"',
    "cyclemap open sunday-nights",
    "cyclemap present sunday-nights",
    "cyclemap present --demo",
    "cyclemap log sunday-nights --add",
    "cyclemap purge sunday-nights",
    "cyclemap pause sunday-nights",
    "cyclemap pause sunday-nights --no-motion",
    "cyclemap talk sunday-nights",
}
GUIDE_HOME = "/home/priya"  # the guide's home folder, as the examples print it
# What an example needs done before it, as the guide tells it (the trash after a delete).
BEFORE = {
    "cyclemap trash": "cyclemap delete sunday-nights",
    "cyclemap restore sunday-nights": "cyclemap delete sunday-nights",
}


def console_examples() -> list[tuple[str, list[str]]]:
    """Every `$ cyclemap …` line of the guide's console blocks, with the lines it shows after."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", GUIDE, flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
    return [(command, shown) for command, shown in found if command.startswith("cyclemap")]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with the guide's things in it: a library of Priya and Tom's two maps (Sunday
    nights with four versions), the examples, a map in Downloads, a broken file."""
    import shutil

    from cyclemap.cli import main
    from tests.conftest import EXAMPLES

    root = tmp_path_factory.mktemp("guide")
    home = root / "home"
    for folder in ("Documents", "Downloads", ".config/fish/completions"):
        (home / folder).mkdir(parents=True)
    shutil.copytree(ROOT / "examples", home / "examples")
    library = home / ".local" / "share" / "cyclemap"
    sunday = next(e for e in EXAMPLES if e.stem == "sunday-nights")
    money = next(e for e in EXAMPLES if e.stem == "money-talk")
    assert main(["--data-dir", str(library), "import", str(money)]) == 0
    for version in range(4):
        text = sunday.read_text(encoding="utf-8")
        if version:
            text = text.replace('notes = "', f'notes = "(v{version + 1}) ', 1)
        (root / "sunday-nights.toml").write_text(text, encoding="utf-8")
        assert (
            main(
                [
                    "--data-dir",
                    str(library),
                    "import",
                    str(root / "sunday-nights.toml"),
                    "--replace",
                ]
            )
            == 0
        )
    checkin = ["--data-dir", str(library), "log", "sunday-nights", "--add", "--what", "x"]
    assert main([*checkin, "--caught", "no"]) == 0
    who = next(e for e in EXAMPLES if e.stem == "who-forgot")
    mine = who.read_text(encoding="utf-8").replace('id = "who-forgot"', 'id = "our-map"')
    (home / "Downloads" / "our-map.toml").write_text(mine, encoding="utf-8")
    (home / "our-map.toml").write_text(mine, encoding="utf-8")
    broken = sunday.read_text(encoding="utf-8").splitlines()
    tom = broken.index('name = "Tom"')
    trigger = next(i for i in range(tom, len(broken)) if broken[i].startswith("trigger ="))
    broken[trigger] = 'trigger = ""'
    (home / "broken.toml").write_text("\n".join(broken) + "\n", encoding="utf-8")
    return home


def test_the_guide_has_examples_to_run() -> None:
    commands = [command for command, _ in console_examples()]
    assert len(commands) >= 25
    assert set(commands) >= NEEDS_A_TERMINAL


@pytest.mark.parametrize(
    ("command", "shown"),
    [example for example in console_examples() if example[0] not in NEEDS_A_TERMINAL],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_the_guides_example_runs_as_it_says(
    command: str, shown: list[str], sandbox: Path, tmp_path: Path
) -> None:
    if command in BEFORE:
        assert run_example(BEFORE[command], sandbox, tmp_path).returncode == 0
    done = run_example(command, sandbox, tmp_path, fresh=command not in BEFORE)
    expected_code = 1 if any(line.startswith("cyclemap: ") for line in shown) else 0
    assert done.returncode == expected_code, (command, done.stderr)
    if shown:
        said = (done.stdout + done.stderr).replace(str(tmp_path / "home"), GUIDE_HOME)
        # When a map was deleted is now, not when the guide was written.
        when = re.search(r"deleted \d{4}-\d\d-\d\d \d\d:\d\d", "\n".join(shown))
        if when:
            said = re.sub(r"deleted \d{4}-\d\d-\d\d \d\d:\d\d", when.group(0), said)
        assert said.splitlines() == shown, command


def readme_examples() -> list[str]:
    """The README's list of commands, each without its comment."""
    block = README.split("## Commands", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    return [command for command in commands if command]  # not a comment's second line


@pytest.mark.parametrize(
    "command", [c for c in readme_examples() if c not in NEEDS_A_TERMINAL], ids=str
)
def test_the_readmes_example_runs(command: str, sandbox: Path, tmp_path: Path) -> None:
    if command in BEFORE:
        assert run_example(BEFORE[command], sandbox, tmp_path).returncode == 0
    done = run_example(command, sandbox, tmp_path, fresh=command not in BEFORE)
    assert done.returncode == 0, (command, done.stderr)


def run_example(command: str, sandbox: Path, tmp_path: Path, *, fresh: bool = True):
    """`command` as typed at a shell in the sandbox's home (a fresh copy of it, or the copy
    an earlier example ran in), `> FILE` included."""
    import os
    import shlex
    import shutil
    import subprocess
    import sys

    home = tmp_path / "home"
    if fresh or not home.exists():
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(sandbox, home, symlinks=True)
    words = [os.path.expanduser(w) if w.startswith("~") else w for w in shlex.split(command)]
    words = [w.replace(os.path.expanduser("~"), str(home), 1) for w in words]
    target = None
    if ">" in words:
        words, target = words[: words.index(">")], words[words.index(">") + 1]
    env = {key: value for key, value in os.environ.items() if key != "CYCLEMAP_HOME"}
    env |= {"HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share")}
    env |= {"PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "cyclemap", *words[1:]],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=home,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    if target is not None:
        Path(target if os.path.isabs(target) else home / target).write_text(done.stdout)
    return done


def test_the_guides_progress_is_the_walkthroughs() -> None:
    from cyclemap.walkthrough import WalkState

    state = WalkState.new()
    state.set_names("Priya", "Tom")
    state.next()
    state.pick("private")
    state.pick("private")
    for answer in ("He reaches for his phone", "I list everything he forgot"):
        state.put(state.step, answer)
        state.next()
    progress = state.progress()
    assert progress.startswith("Priya · 3 of ")
    assert f'("{progress}")' in GUIDE
