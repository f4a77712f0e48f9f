"""The man page, share/man/man1/cyclemap.1, generated from the command line's own parser by
argparse-manpage, so that it names every command and option `cyclemap --help` does.

    python scripts/manpage.py          # write it (make man)
    python scripts/manpage.py --check  # exit 1 when the page is not the parser's (a test runs it)

The page carries no date, so it changes only when the parser or the words below do.
"""

from __future__ import annotations

import sys
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "share" / "man" / "man1" / "cyclemap.1"

# Sections the parser cannot say, in roff: after the options, as man-pages(7) orders them.
EXTRA = {
    "EXIT STATUS": r"""
.TP
.B 0
it worked
.TP
.B 1
something you can fix (a missing map, a file that is not valid); the reason is one line on
standard error
.TP
.B 2
the command was not typed right (an unknown command or option, a missing argument)
""",
    "ENVIRONMENT": r"""
.TP
.B CYCLEMAP_HOME
the library folder, when \fB\-\-data\-dir\fR is not given
.TP
.B NO_COLOR
the app and \fBshow\fR use no colour
""",
    "FILES": r"""
.TP
.I ~/.local/share/cyclemap/
the library on Linux (\fBcyclemap where\fR prints it): a map a file,
.IR ID .toml,
with its saved versions under
.IR history/ID/
and its check-in log under
.IR logs/ID .toml
""",
    "NOTES": r"""
Every command that takes a map's \fIID\fR also takes a path to a \fI.toml\fR file.
Shell completion:
.B source <(cyclemap completion bash)
in \fI~/.bashrc\fR (zsh likewise), or
.B cyclemap completion fish > ~/.config/fish/completions/cyclemap.fish
""",
    "SEE ALSO": r"""
The guide, docs/guide.md, and the file format, docs/file-format.md, in the source.
""",
}


def render() -> str:
    from argparse_manpage.manpage import Manpage

    from cyclemap import __version__
    from cyclemap.cli import build_parser

    parser = build_parser()
    # A command's description is its help line (cli.build_parser): said once on the page.
    for choice in parser._subparsers._group_actions[0]._choices_actions:  # type: ignore[union-attr]
        sub = parser._subparsers._group_actions[0].choices[choice.dest]  # type: ignore[union-attr]
        if sub.description == choice.help:
            sub.description = None
    page = Manpage(
        parser,
        _data={
            "project_name": "cyclemap",
            "version": __version__,
            "manual_title": "User Commands",
            "date": " ",
            "description": "map the negative cycle of a couple, together, in the terminal",
        },
        format="single-commands-section",
    )
    for heading, content in EXTRA.items():
        page.add_section(heading, ">", content.strip())
    return str(page)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not PAGE.is_file() or PAGE.read_text(encoding="utf-8") != text:
            sys.stderr.write(f"{PAGE} is not the parser's: run `make man`\n")
            return 1
        return 0
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(text, encoding="utf-8")
    sys.stderr.write(f"Wrote {PAGE}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
