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
