"""The loop diagram: fits every width, loses no word, draws a loop, never reads markup."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len, split_graphemes
from rich.console import Console
from rich.measure import Measurement

from cyclemap.diagram import (
    SIDE_BY_SIDE_MIN_WIDTH,
    CycleDiagram,
    PositiveCycleDiagram,
    has_positive_cycle,
    heading_text,
    render_positive_text,
    render_text,
    wrap_plain,
    wrap_spans,
)
from cyclemap.model import CycleMap, validate_map
from cyclemap.terms import ANSWER_LABELS, QUESTIONS_BY_KEY
from tests.conftest import map_data

WIDTHS = range(20, 201)
BOX_DRAWING = re.compile("[\u2500-\u257f\u2580-\u259f\u25a0-\u25ff\u2190-\u21ff…–—·]")


def make_map(partner_a: dict | None = None, partner_b: dict | None = None, **fields) -> CycleMap:
    fields = {"created": "2026-11-20T19:04:00Z", "updated": "2026-11-20T19:31:00Z", **fields}
    data = map_data(**fields)
    data["partners"][0].update(partner_a or {})
    data["partners"][1].update(partner_b or {})
    return validate_map(data)


FULL = make_map(
    {
        "meaning": "I don't matter to him",
        "surface_feeling": "frustrated, irritated",
        "fear": "being left on my own",
        "longing": "to know I matter to him",
        "guess": "he feels criticized",
        "reach": "I'm scared I don't matter to you right now",
        "respond": "I can stay and tell him I'm here",
    },
    {
        "meaning": "I've failed again",
        "surface_feeling": "numb",
        "fear": "never being good enough",
        "longing": "to be accepted as I am",
        "reach": "I'm going quiet because I feel I've let you down",
        "respond": "I can turn toward her and listen",
    },
    cycle_name="The Storm",
    couple="Alex & Sam",
    pause_phrase="The Storm is here, can we slow down?",
    warning_signs="short answers, the jaw tightens",
)

LONG_SENTENCE = (
    "when the evening is long and the dishes are still there and nobody has said a kind word "
    "since the morning I start to think that nothing will ever change between us "
)
LONG = make_map(
    {
        "trigger": (LONG_SENTENCE * 7)[:1000].strip(),
        "meaning": (LONG_SENTENCE * 7)[:999].strip(),
        "fear": "x" * 300,  # one word far longer than any line: it must be broken, not cut
    },
    {"protective_move": (LONG_SENTENCE * 7)[:1000].strip(), "longing": "y " * 400},
    title="A very long evening that keeps going and going until neither of us can remember",
    cycle_name="The longest name a cycle could possibly have, sixty chars",
)

WIDE = make_map(
    {
        "name": "さくら",
        "trigger": "健太が黙って スマホを 見るとき 😶 and I feel invisible",
        "underlying_feeling": "寂しい、怖い 💔",
        "longing": "一緒にいたい👩‍❤️‍👨",
    },
    {
        "name": "健太",
        "trigger": "さくらの声が大きくなる",
        "protective_move": "黙って部屋を出る 🚪",
        "underlying_feeling": "ダメな人間だと感じる",
        "fear": "שלום עליכם — مرحبا",
    },
    title="日曜日の夜 🌙",
)

MARKUP = make_map(
    {
        "name": "[bold]Alex[/bold]",
        "trigger": "[bold]x[/bold] and [/ and [@click=app.quit]quit[/]",
        "meaning": "[link=https://example.com]here[/link] :smile: [red]",
    },
    {"protective_move": "I say [/] and \\[escaped] then [i]leave[/i]"},
    title="[b]Title[/b]",
    cycle_name="[@click=app.bell]ring[/]",
)

MAPS = {"full": FULL, "long": LONG, "wide": WIDE, "markup": MARKUP}


def words_of(cycle_map: CycleMap, *, positive: bool = False) -> set[str]:
    """Every word the partners wrote that the diagram shows."""
    keys = (
        ("reach", "respond")
        if positive
        else (
            "trigger",
            "meaning",
            "surface_feeling",
            "protective_move",
            "underlying_feeling",
            "fear",
            "longing",
        )
    )
    texts = [p.answer(k) or "" for p in cycle_map.partners for k in keys]
    texts += [p.name for p in cycle_map.partners]
    if not positive:
        texts += [cycle_map.title, cycle_map.cycle_name or ""]
    return {word for text in texts for word in text.split()}


def char_at_cell(line: str, column: int) -> str:
    """The grapheme that starts at a cell column (as Rich measures: a ZWJ emoji is one)."""
    spans, _ = split_graphemes(line)
    position = 0
    for start, end, size in spans:
        if position == column:
            return line[start:end]
        position += size
    return ""


# ---- fits every width ------------------------------------------------------------------------


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
@pytest.mark.parametrize("name", MAPS)
def test_no_line_is_ever_wider_than_the_width(name: str, ascii: bool) -> None:
    cycle_map = MAPS[name]
    for width in WIDTHS:
        for render in (render_text, render_positive_text):
            out = render(cycle_map, width=width, ascii=ascii)
            too_wide = [line for line in out.splitlines() if cell_len(line) > width]
            assert not too_wide, (width, render.__name__, too_wide[:2])


@pytest.mark.parametrize("name", MAPS)
def test_every_word_is_shown_at_every_width(name: str) -> None:
    cycle_map = MAPS[name]
    words = {w for w in words_of(cycle_map) if cell_len(w) <= 14}
    positive = {w for w in words_of(cycle_map, positive=True) if cell_len(w) <= 14}
    for width in WIDTHS:
        out = render_text(cycle_map, width=width)
        missing = [w for w in words if w not in out]
        assert not missing, (width, missing[:5])
        out = render_positive_text(cycle_map, width=width)
        missing = [w for w in positive if w not in out]
        assert not missing, (width, missing[:5])


def box_interior(out: str) -> str:
    """Stacked layout: what is inside the boxes, joined without the wrapping."""
    inside = [line[2:].rstrip("│| ").strip() for line in out.splitlines() if line[:1] in "│|"]
    return "".join(inside).replace(" ", "")


@pytest.mark.parametrize("width", [20, 33, 50, SIDE_BY_SIDE_MIN_WIDTH - 1])
def test_a_word_longer_than_a_line_is_broken_not_cut(width: int) -> None:
    out = render_text(LONG, width=width)
    interior = box_interior(out)
    assert "x" * 300 in interior
    assert interior.count("y") >= 400


def test_a_thousand_characters_are_all_there() -> None:
    out = render_text(LONG, width=40)
    assert LONG.partners[0].trigger.replace(" ", "") in box_interior(out)


# ---- the loop --------------------------------------------------------------------------------


def test_side_by_side_from_80_columns() -> None:
    for width in (80, 100, 140, 200):
        lines = render_text(FULL, width=width).splitlines()
        assert any("Alex · pursues" in line and "Sam · withdraws" in line for line in lines)
        assert "▼" not in "\n".join(lines)


def test_stacked_below_80_columns() -> None:
    for width in (20, 40, 60, SIDE_BY_SIDE_MIN_WIDTH - 1):
        out = render_text(FULL, width=width)
        assert not any("Alex" in line and "Sam · withdraws" in line for line in out.splitlines())
        flat = " ".join(out.split())
        assert "▼ what Alex does lands as Sam's trigger" in flat
        assert "↺ what Sam does lands as Alex's trigger, back at the top" in flat
        assert out.index("Alex · pursues") < out.index("▼") < out.index("Sam · withdraws")


def test_side_by_side_arrows_leave_from_the_move_and_land_on_the_trigger() -> None:
    lines = render_text(FULL, width=80).splitlines()
    triggers = [line for line in lines if "When:" in line]
    moves = [line for line in lines if "What I do:" in line]
    assert len(triggers) == 1 and triggers[0].count("▶") == 2  # both triggers on one row here
    assert triggers[0].startswith("╭─▶│ When:")
    assert "─▶│ When:" in triggers[0][10:]
    # each move leaves its box through the border: A's into the gap, B's to the return path
    assert all("├─" in line for line in moves)
    assert lines[-1].startswith("╰") and lines[-1].endswith("╯")
    assert "↺ what each one does lands as the other's trigger" in lines[-1]


def test_the_waterline_is_level_across_both_boxes() -> None:
    lines = render_text(LONG, width=120).splitlines()
    underneath = [line for line in lines if "underneath" in line]
    assert len(underneath) == 1 and underneath[0].count("underneath") == 2


def test_boxes_line_up_with_wide_characters() -> None:
    for width in (80, 100, 200):
        lines = render_text(WIDE, width=width).splitlines()
        tops = [n for n, line in enumerate(lines) if "╭─ さくら" in line]
        bottoms = [n for n, line in enumerate(lines) if line.lstrip("│ ").startswith("╰─")]
        top, bottom = tops[0], bottoms[0]
        left_edge = cell_len(lines[top].split("╭─ さくら")[0])
        # the right border of A's box is at the same cell on every row of the box
        right_edge = cell_len(lines[top].split("╮")[0])
        for line in lines[top : bottom + 1]:
            assert char_at_cell(line, left_edge) in "╭│╰", (width, line)
            assert char_at_cell(line, right_edge) in "╮│├╯", (width, line)


def test_wide_characters_stacked_keep_the_right_border() -> None:
    for width in range(20, SIDE_BY_SIDE_MIN_WIDTH):
        for line in render_text(WIDE, width=width).splitlines():
            if line.startswith("│"):
                assert line.endswith("│")
                assert cell_len(line) == min(width, 64), (width, line)


def test_heading_has_title_cycle_name_and_pattern() -> None:
    assert heading_text(FULL) == 'Sunday nights · "The Storm" · pursue–withdraw (Protest Polka)'
    assert heading_text(FULL, ascii=True) == (
        'Sunday nights - "The Storm" - pursue-withdraw (Protest Polka)'
    )
    out = render_text(FULL, width=100)
    assert out.splitlines()[0].strip() == heading_text(FULL)


def test_heading_never_leaves_a_separator_dangling() -> None:
    for width in WIDTHS:
        for line in render_text(FULL, width=width).splitlines()[:3]:
            assert not line.rstrip().endswith("·") and not line.lstrip().startswith("·")


def test_optional_answers_appear_only_when_present() -> None:
    bare = render_text(make_map(), width=80)
    for key in ("meaning", "surface_feeling", "fear", "longing"):
        assert ANSWER_LABELS[key] not in bare
        assert ANSWER_LABELS[key] in render_text(FULL, width=80)
    for key in ("trigger", "protective_move", "underlying_feeling"):
        assert ANSWER_LABELS[key] in bare
    assert "underneath" in bare


def test_labels_read_with_what_people_write() -> None:
    """A label is the prompt's own words: 'What I'm most afraid of: that one day he'll…',
    never 'Afraid of: that one day he'll…' nor 'Longing for: for him to say…'."""
    out = render_text(FULL, width=120)
    assert "Afraid of:" not in out and "Longing for:" not in out
    assert "What I'm most afraid of: being left on my own" in out
    for key in ("fear", "longing"):
        assert QUESTIONS_BY_KEY[key].prompt.startswith(ANSWER_LABELS[key].rstrip(":"))


# ---- ASCII -----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [20, 40, 79, 80, 120, 200])
def test_ascii_form_is_pure_ascii_when_the_answers_are(width: int) -> None:
    for render in (render_text, render_positive_text):
        out = render(FULL, width=width, ascii=True)
        assert out.isascii(), [c for c in out if not c.isascii()]
        assert set(re.sub(r"[A-Za-z0-9'\",:;?()\s&]", "", out)) <= set("+-|><v^.")


@pytest.mark.parametrize("width", [30, 80, 150])
def test_ascii_form_adds_nothing_but_ascii_to_the_users_text(width: int) -> None:
    user_chars = {c for p in WIDE.partners for c in p.model_dump_json()} | set(WIDE.title)
    out = render_text(WIDE, width=width, ascii=True)
    foreign = {c for c in out if not c.isascii()} - user_chars
    assert not foreign
    assert not BOX_DRAWING.search(out.replace("—", ""))  # the em dash is the user's


# ---- user text is literal --------------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 100])
def test_markup_like_text_is_shown_literally(width: int) -> None:
    console = Console(width=width, record=True, file=io.StringIO(), force_terminal=True)
    console.print(CycleDiagram(MARKUP))
    printed = console.export_text()
    out = " ".join(printed.split()) if width > 80 else box_interior(printed) + printed
    for literal in (
        "[bold]x[/bold]",
        "[/",
        "[@click=app.quit]quit[/]",
        "[link=https://example.com]here[/link]",
        ":smile:",
        "[bold]Alex[/bold]",
        "\\[escaped]",
        "[i]leave[/i]",
        "[b]Title[/b]",
        '"[@click=app.bell]ring[/]"',
    ):
        assert (literal if width > 80 else literal.replace(" ", "")) in out, literal


def test_a_rich_console_draws_the_same_picture_as_render_text() -> None:
    for width in (40, 80, 120):
        console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
        console.print(CycleDiagram(FULL))
        printed = "".join(line.rstrip() + "\n" for line in console.export_text().splitlines())
        assert printed == render_text(FULL, width=width)


def test_layout_does_not_depend_on_colour() -> None:
    coloured = Console(
        width=90, record=True, file=io.StringIO(), color_system="truecolor", force_terminal=True
    )
    plain = Console(width=90, record=True, file=io.StringIO(), no_color=True, force_terminal=True)
    for console in (coloured, plain):
        console.print(CycleDiagram(FULL))
    assert coloured.export_text() == plain.export_text()
    assert "\x1b[36m" not in plain.export_text(styles=True)


def test_a_console_that_cannot_draw_boxes_gets_ascii() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    console = Console(width=80, file=stream, record=True, force_terminal=False)
    assert console.options.ascii_only
    console.print(CycleDiagram(FULL))
    assert console.export_text().isascii()


def test_measure_fits_the_available_width() -> None:
    console = Console(width=200, file=io.StringIO())
    for width in (20, 60, 80, 200):
        options = console.options.update_width(width)
        measurement = Measurement.get(console, options, CycleDiagram(FULL))
        assert 0 < measurement.minimum <= measurement.maximum <= width
    wide = Measurement.get(console, console.options, CycleDiagram(FULL))
    assert wide.maximum < 200  # boxes are capped for readability, not stretched


# ---- anonymous -------------------------------------------------------------------------------


def test_anonymous_mode_hides_the_names_everywhere() -> None:
    cycle_map = make_map(
        {"name": "Alexandra", "trigger": "Samuel goes quiet; Samuel's phone comes out"},
        {"name": "Samuel", "trigger": "Alexandra raises her voice", "reach": "Alexandra, wait"},
        title="Alexandra and Samuel",
        cycle_name="Samuel's silence",
    )
    for width in (40, 100):
        for render in (render_text, render_positive_text):
            out = render(cycle_map, width=width, anonymous=True)
            assert "Alexandra" not in out and "Samuel" not in out
            assert "Partner A" in out and "Partner B" in out
    interior = box_interior(render_text(cycle_map, width=40, anonymous=True))
    assert "PartnerBgoesquiet;PartnerB'sphonecomesout" in interior
    shown = render_text(cycle_map, width=100)
    assert "Alexandra" in shown and "Partner A" not in shown


def test_anonymous_mode_replaces_whole_names_only() -> None:
    cycle_map = make_map({"name": "Al", "trigger": "Sam's Alarm rings"}, {"name": "Sam"})
    flat = " ".join(render_text(cycle_map, width=100, anonymous=True).split())
    assert "Partner B's Alarm rings" in flat


# ---- the new cycle ---------------------------------------------------------------------------


def test_has_positive_cycle() -> None:
    assert has_positive_cycle(FULL)
    assert not has_positive_cycle(make_map())
    assert has_positive_cycle(make_map(partner_b={"respond": "I can listen"}))


def test_positive_cycle_is_a_loop_of_reaching_and_answering() -> None:
    wide = render_positive_text(FULL, width=100)
    assert "The new cycle" in wide
    assert "When Sam reaches: I can stay and tell him" in wide
    assert "I could say: I'm scared I don't matter to" in wide
    interior = box_interior(render_positive_text(FULL, width=60))
    assert "WhenSamreaches:IcanstayandtellhimI'mhere" in interior
    assert "Icouldsay:I'mscaredIdon'tmattertoyourightnow" in interior
    assert "↺ each reach is met by the other's answer" in wide
    narrow = " ".join(render_positive_text(FULL, width=50).split())
    assert "▼ Alex reaches toward Sam" in narrow
    assert "↺ Sam reaches back toward Alex, and round again" in narrow


def test_positive_cycle_shows_what_is_not_written_yet() -> None:
    cycle_map = make_map(partner_b={"respond": "I can listen"})
    out = render_positive_text(cycle_map, width=80)
    assert out.count("(not written yet)") == 3
    assert "I can listen" in out


def test_positive_renderable_in_a_console() -> None:
    console = Console(width=70, record=True, file=io.StringIO())
    console.print(PositiveCycleDiagram(FULL, ascii=True))
    assert console.export_text().isascii()


# ---- wrapping --------------------------------------------------------------------------------


def test_wrap_keeps_words_and_indents_continuations() -> None:
    lines = wrap_plain("one two three four five six seven eight nine ten", 14, indent=2)
    assert lines == ["one two three", "  four five", "  six seven", "  eight nine", "  ten"]


def test_wrap_keeps_line_breaks_the_person_typed() -> None:
    assert wrap_plain("first line\nsecond", 40) == ["first line", "second"]


@pytest.mark.parametrize("width", [2, 3, 5, 9, 16])
def test_wrap_never_splits_a_wide_character_or_an_emoji(width: int) -> None:
    text = "漢字かな👩‍❤️‍👨漢字🚪" * 3
    lines = wrap_spans([(text, "")], width, indent=0)  # type: ignore[list-item]
    joined = "".join(part for line in lines for part, _ in line)
    assert joined == text
    assert all(sum(cell_len(p) for p, _ in line) <= width for line in lines)
