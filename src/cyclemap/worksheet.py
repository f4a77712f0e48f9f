"""A blank, printable worksheet: every prompt of the walkthrough with room to write by hand."""

from __future__ import annotations

import textwrap

from cyclemap.terms import POSITION_PROMPT, QUESTIONS_BY_KEY

WIDTH = 78
WRITING_LINES = {True: 3, False: 2}  # required questions get a little more room
# On paper the questions follow the sentence they make: "When my partner… I tell myself…
# On the surface I feel… so I… Underneath, I feel…".
SENTENCE_ORDER = (
    "trigger",
    "meaning",
    "surface_feeling",
    "protective_move",
    "underlying_feeling",
    "fear",
    "longing",
)

INTRO = (
    "Each of you fills in one side, on your own or together. Start with the first three "
    "questions; the rest are optional depth. There are no right answers: the cycle is the "
    "problem, not either of you."
)
TOGETHER = (
    ("Our name for the cycle", "The Storm, the Freeze, the Sunday spiral…"),
    ("Early signs that it is starting", "short answers, a tight jaw, the phone comes out…"),
    ("The words we agree to say when we notice it", "The Storm is here — can we slow down?"),
)


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    rest = indent if hanging is None else hanging
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=rest) or [""]


def _partner_section(label: str, markdown: bool) -> list[str]:
    rule = "_" * (WIDTH - 4)
    lines: list[str] = []
    if markdown:
        lines += [f"## {label}", "", "Name: " + "\\_" * 30, ""]
    else:
        lines += [label, "=" * len(label), "", "Name: " + "_" * 30, ""]
    for number, key in enumerate(SENTENCE_ORDER, start=1):
        question = QUESTIONS_BY_KEY[key]
        optional = "" if question.required else " (optional)"
        heading = f"{number}. {question.prompt}{optional}"
        example = f"For example: {question.example}"
        if markdown:
            lines += [f"**{heading}**  ", f"*{example}*", ""]
            lines += ["> " + "\\_" * 60 + "  " for _ in range(WRITING_LINES[question.required])]
            lines.append("")
        else:
            lines += _wrap(heading, hanging="   ") + _wrap(example, "   ") + [""]
            lines += ["    " + rule for _ in range(WRITING_LINES[question.required])]
            lines.append("")
    position = f"{len(SENTENCE_ORDER) + 1}. {POSITION_PROMPT}"
    choice = "[ ] I move toward (pursue)      [ ] I move away (withdraw)"
    lines += (
        [f"**{position}**  ", choice, ""]
        if markdown
        else _wrap(position, hanging="   ") + ["   " + choice, ""]
    )
    guess = QUESTIONS_BY_KEY["guess"]
    heading = f"{len(SENTENCE_ORDER) + 2}. {guess.prompt} (optional)"
    if markdown:
        lines += [f"**{heading}**  ", "> " + "\\_" * 60, ""]
    else:
        lines += _wrap(heading, hanging="   ") + ["    " + rule, ""]
    return lines


def render_worksheet(fmt: str = "text") -> str:
    """The worksheet as plain text (80 columns) or Markdown."""
    markdown = fmt == "md"
    title = "Our cycle — a worksheet"
    lines: list[str] = [f"# {title}", ""] if markdown else [title, "=" * len(title), ""]
    lines += [INTRO, ""] if markdown else _wrap(INTRO) + [""]
    for label in ("Partner A", "Partner B"):
        lines += _partner_section(label, markdown)
    lines += ["## Together", ""] if markdown else ["Together", "=" * 8, ""]
    for prompt, example in TOGETHER:
        if markdown:
            lines += [
                f"**{prompt}** (optional)  ",
                f"*For example: {example}*",
                "",
                "> " + "\\_" * 60,
                "",
            ]
        else:
            lines += _wrap(f"{prompt} (optional)") + _wrap(f"For example: {example}", "   ")
            lines += ["", "    " + "_" * (WIDTH - 4), ""]
    closing = (
        "cyclemap is for couples who feel safe with each other. If you are afraid of your "
        "partner, please talk to someone you trust or a local domestic-violence helpline."
    )
    lines += [closing] if markdown else _wrap(closing)
    return "\n".join(lines).rstrip() + "\n"
