"""Presentation mode on screen: keys, the names toggle, large type, and what a person sees."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.app import App
from textual.widgets import Static

from cyclemap.model import CycleMap, validate_map
from cyclemap.presentation import Section, StepKind, demo_map
from cyclemap.store import map_to_toml
from cyclemap.tui import bigtype
from cyclemap.tui.screens.present import BigHeading, PresentScreen
from cyclemap.tui.theme import CALM_THEME
from tests.conftest import map_data, partner
from tests.tui.conftest import make_app, settle

LARGE = (120, 40)
SMALL = (80, 24)


class PresentApp(App[None]):
    """The smallest app that shows a map in presentation mode (the real app pushes the same
    screen)."""

    def __init__(
        self, cycle_map: CycleMap, *, anonymous: bool = False, example: bool = False
    ) -> None:
        super().__init__()
        self.cycle_map = cycle_map
        self.anonymous = anonymous
        self.example = example
        self.closed = False
        self.register_theme(CALM_THEME)
        self.theme = CALM_THEME.name

    def on_mount(self) -> None:
        self.push_screen(
            PresentScreen(self.cycle_map, anonymous=self.anonymous, example=self.example),
            self._presentation_closed,
        )

    def _presentation_closed(self, _result: None) -> None:
        self.closed = True


def nameless_answers_map() -> CycleMap:
    """Every field filled, and no answer names anyone: anonymous mode must show no name."""
    depth = {
        "meaning": "nobody is listening",
        "surface_feeling": "irritated",
        "fear": "being on my own",
        "longing": "to be heard",
        "reach": "I'm scared and I want you close",
        "respond": "I can stop and turn toward you",
    }
    return validate_map(
        map_data(
            title="Evenings",
            cycle_name="The kettle",
            couple="Quill & Rowan",
            partners=[
                partner(name="Quill", trigger="my partner goes quiet", **depth),
                partner(
                    name="Rowan",
                    position="withdraw",
                    trigger="my partner raises her voice",
                    protective_move="I shut down",
                    underlying_feeling="like a failure",
                    **depth,
                ),
            ],
        )
    )


def screen_text(app: App) -> str:
    """The plain text of the whole screen, the way App.export_screenshot renders it."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        record=True,
        color_system=None,
        legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True))  # noqa: SLF001
    return console.export_text()


def present(app: PresentApp) -> PresentScreen:
    screen = app.screen
    assert isinstance(screen, PresentScreen)
    return screen


# -- keys ---------------------------------------------------------------------------------


async def test_next_and_back_with_every_key() -> None:
    app = PresentApp(demo_map())
    async with app.run_test(size=LARGE) as pilot:
        screen = present(app)
        assert screen.index == 0
        for key in ("right", "space", "l", "enter"):
            await pilot.press(key)
        assert screen.index == 4
        assert screen.step.kind is StepKind.LANDS
        for key in ("left", "backspace", "h"):
            await pilot.press(key)
        assert screen.index == 1


async def test_back_stops_at_the_first_step_and_next_at_the_last() -> None:
    app = PresentApp(demo_map())
    async with app.run_test(size=SMALL) as pilot:
        screen = present(app)
        await pilot.press("left")
        assert screen.index == 0
        assert screen.check_action("back", ()) is None  # shown, dimmed
        await pilot.press("end")
        last = len(screen.presentation) - 1
        assert screen.index == last
        await pilot.press("right")
        assert screen.index == last
        assert screen.check_action("next", ()) is None
        await pilot.press("home")
        assert screen.index == 0


async def test_stepping_changes_what_is_on_screen() -> None:
    cycle_map = demo_map()
    a, b = cycle_map.partners
    app = PresentApp(cycle_map)
    async with app.run_test(size=LARGE) as pilot:
        screen = present(app)
        assert a.trigger in screen_text(app)
        assert "1 of 21" in screen_text(app)
        for _ in range(4):
            await pilot.press("right")
        text = screen_text(app)
        assert "5 of 21" in text
        assert b.trigger.split()[0] in text
        # The move that lands is shown above, small.
        assert f"Priya: {a.protective_move}"[:40] in text
        assert screen.query_one(BigHeading).text == "…which lands on Tom as"


async def test_u_jumps_to_underneath_and_p_to_the_new_cycle() -> None:
    app = PresentApp(demo_map())
    async with app.run_test(size=LARGE) as pilot:
        screen = present(app)
        await pilot.press("u")
        assert screen.step.section is Section.UNDERNEATH
        assert screen.step.kind is StepKind.UNDERLYING_FEELING
        assert screen.query_one(BigHeading).text == "Underneath, Priya feels…"
        assert screen.has_class("-underneath")
        await pilot.press("p")
        assert screen.step.section is Section.NEW_CYCLE
        assert screen.query_one(BigHeading).text == "Instead, Priya can say…"
        assert screen.has_class("-new-cycle")
        await pilot.press("home")
        assert screen.step.section is Section.CYCLE


async def test_no_new_cycle_key_when_the_map_has_none() -> None:
    app = PresentApp(validate_map(map_data()))
    async with app.run_test(size=SMALL) as pilot:
        screen = present(app)
        assert screen.check_action("new_cycle", ()) is False
        await pilot.press("p")
        assert screen.index == 0
        assert "New cycle" not in screen_text(app)
        assert "the new cycle" not in screen_text(app)


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_close_the_presentation(key: str) -> None:
    app = PresentApp(demo_map())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(key)
        assert app.closed
        assert not isinstance(app.screen, PresentScreen)


async def test_the_bindings_are_declared_once_with_ids_and_descriptions() -> None:
    app = PresentApp(demo_map())
    async with app.run_test(size=LARGE):
        present(app)
        ids = [b.id for b in PresentScreen.BINDINGS]
        assert len(ids) == len(set(ids))
        assert all(
            b.id and b.id.startswith("present.") and b.description and b.tooltip
            for b in PresentScreen.BINDINGS
        )
        footer = screen_text(app).splitlines()[-1]
        for label in ("Next", "Back", "Underneath", "Partner A/B", "New cycle", "Close"):
            assert label in footer


async def test_the_footer_keeps_the_way_out_as_the_window_narrows(empty_library, home) -> None:
    app = make_app(empty_library, home, start="present", demo=True)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "p New cycle" in footer and "esc Close f1 Help f12 Hide" in footer
        # At 80 columns the jump to the new cycle gives way, so that f12 Hide fits.
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "New cycle" not in footer and "a Partner A/B esc Close f1 Help f12 Hide" in footer
        # At 60 the toggles go: moving, the way out, help and quick-hide stay.
        await pilot.resize_terminal(60, 24)
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert footer.startswith("← Back → Next esc Close f1 Help f12 Hide ")
        assert footer.rstrip().endswith("▏^p Commands")


async def test_help_and_the_palette_read_the_same_declared_bindings() -> None:
    from cyclemap.tui.keys import declared_bindings

    app = PresentApp(validate_map(map_data()))  # no new cycle in this map
    async with app.run_test(size=SMALL):
        declared = {d.binding.id: d for d in declared_bindings(present(app))}
        assert "present.new_cycle" not in declared  # hidden: nothing to jump to
        assert declared["present.back"].enabled is False  # on the first step
        assert declared["present.next"].keys == "→ / space / l / enter"
        assert declared["present.names"].help.startswith("Show 'Partner A / Partner B'")


async def test_it_works_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = PresentApp(demo_map())
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("right", "right", "right", "right")
        text = screen_text(app)
        # Where we are is marked by a sign, not only by colour.
        assert "▸ Tom" in text
        assert "5 of 21" in text


@pytest.mark.parametrize("size", [LARGE, SMALL], ids=["120x40", "80x24"])
async def test_the_breadcrumb_never_cuts_off_the_marked_stop(size: tuple[int, int]) -> None:
    app = PresentApp(demo_map(), anonymous=True)
    async with app.run_test(size=size) as pilot:
        screen = present(app)
        while True:
            trail = str(screen.query_one("#present-trail", Static).render())
            stations = screen.presentation.stations[screen.step.section]
            assert f"▸ {stations[screen.step.station]}" in trail
            if screen.index == len(screen.presentation) - 1:
                break
            await pilot.press("right")


async def test_the_demo_says_it_is_a_made_up_couple() -> None:
    app = PresentApp(demo_map(), example=True)
    async with app.run_test(size=LARGE) as pilot:
        assert "made-up example" in screen_text(app)
        await pilot.press("a")
        assert "made-up example" in screen_text(app)
    plain = PresentApp(demo_map())
    async with plain.run_test(size=LARGE):
        assert "example" not in screen_text(plain)


# -- names --------------------------------------------------------------------------------


async def test_a_toggles_partner_a_and_b_and_back_keeping_the_step() -> None:
    cycle_map = demo_map()
    app = PresentApp(cycle_map)
    async with app.run_test(size=LARGE) as pilot:
        screen = present(app)
        await pilot.press("right", "right", "right")
        named = screen_text(app)
        assert screen.query_one(BigHeading).text == "So Priya…"
        await pilot.press("a")
        assert screen.anonymous
        assert screen.index == 3
        assert screen.query_one(BigHeading).text == "So Partner A…"
        anonymous = screen_text(app)
        assert anonymous != named
        # Title, cycle name and couple are free text: none of them is shown.
        assert "Sunday" not in anonymous and "spiral" not in anonymous
        assert "names hidden" in anonymous
        await pilot.press("a")
        assert not screen.anonymous
        assert screen.query_one(BigHeading).text == "So Priya…"


async def test_anonymous_shows_no_name_on_any_step() -> None:
    """With answers that name nobody, no name may be anywhere on the screen, at any size."""
    app = PresentApp(nameless_answers_map(), anonymous=True)
    async with app.run_test(size=SMALL) as pilot:
        screen = present(app)
        seen = 0
        while True:
            for size in (SMALL, LARGE):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                text = screen_text(app)
                assert "Quill" not in text and "Rowan" not in text
                assert "kettle" not in text and "Evenings" not in text
                assert "Partner" in text
            seen += 1
            if screen.index == len(screen.presentation) - 1:
                break
            await pilot.press("right")
        assert seen == len(screen.presentation)


async def test_names_and_answers_that_look_like_markup_show_as_typed() -> None:
    cycle_map = validate_map(
        map_data(
            title="[b]Evenings[/b]",
            partners=[
                partner(name="Sam [i]", trigger="you say [/ and [@click=app.quit]go[/]"),
                partner(name="Al[/", position="withdraw", protective_move="I go [bold]quiet"),
            ],
        )
    )
    app = PresentApp(cycle_map)
    async with app.run_test(size=SMALL) as pilot:
        text = screen_text(app)
        assert "you say [/ and [@click=app.quit]go[/]" in text
        assert "For Sam [i], it starts when…" in text
        assert "[b]Evenings[/b]" in text
        await pilot.press("right", "right", "right")
        assert "I go [bold]quiet" in screen_text(app)
        assert not app.closed


async def test_anonymous_hides_the_names_inside_the_answers_too() -> None:
    app = PresentApp(accented_map(), anonymous=True)
    async with app.run_test(size=SMALL) as pilot:
        screen = present(app)
        assert "Partner B sighs at the sink 😔 [bold]every[/bold] time" in screen_text(app)
        while True:
            for size in (SMALL, LARGE):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                text = screen_text(app)
                assert "Mónica" not in text and "Jun" not in text and "🫖" not in text
            if screen.index == len(screen.presentation) - 1:
                break
            await pilot.press("right")
        await pilot.press("a")  # the names again, the answers as typed
        await pilot.press("home")
        assert "Jun sighs at the sink" in screen_text(app)


# -- the loops ----------------------------------------------------------------------------

LOOP_WIDTHS = [80, 100, 101, 102, 103, 120, 140, 160]


@pytest.mark.parametrize("width", LOOP_WIDTHS)
@pytest.mark.parametrize("key", ["loop", "end"], ids=["cycle", "new-cycle"])
async def test_the_loops_fit_with_every_border_and_every_word(width: int, key: str) -> None:
    """The last step lost its right border at 100-103 columns and cut the reach and respond
    lines even at 140: the loops are drawn whole at every width from 80 up."""
    cycle_map = demo_map()
    app = PresentApp(cycle_map)
    async with app.run_test(size=(width, 40)) as pilot:
        screen = present(app)
        await pilot.press(*(["right"] * 9 if key == "loop" else ["end"]))
        await pilot.pause()
        assert screen.step.picture is not None
        lines = screen_text(app).splitlines()
        # The rows inside the boxes (not their top and bottom borders).
        boxes = [line for line in lines if "│" in line and "╭─ " not in line and "╰" not in line]
        assert len(boxes) >= 3
        for line in boxes:
            # Both boxes close on the right, and the return path runs beside them.
            assert line.rstrip().endswith(("│", "├─╮")), line
            assert line.count("│") + line.count("├") >= 4, line
        assert any(line.strip().startswith("╰") and line.strip().endswith("╯") for line in lines)
        assert not any("…" in line for line in boxes)
        sides = cycle_map.partners
        answers = (
            [s.trigger for s in sides] + [s.protective_move for s in sides]
            if key == "loop"
            else [s.reach for s in sides] + [s.respond for s in sides]
        )
        flat = " ".join(" ".join(line.replace("│", " ").split()) for line in lines)
        for answer in answers:
            # Word by word, because the two boxes stand side by side.
            assert all(word in flat for word in answer.split()), answer


async def test_a_loop_taller_than_the_screen_scrolls_rather_than_being_cut() -> None:
    app = PresentApp(accented_map())
    async with app.run_test(size=(60, 20)) as pilot:  # narrow: the boxes stack
        screen = present(app)
        await pilot.press("end")
        await pilot.pause()
        body = screen.query_one("#present-body")
        assert body.max_scroll_y > 0
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert "back toward" in screen_text(app)


# -- the window's title -------------------------------------------------------------------


async def test_the_window_title_is_the_maps_and_hidden_with_the_names() -> None:
    app = PresentApp(accented_map())
    async with app.run_test(size=SMALL) as pilot:
        assert app.title == "The kitchen [bold]sink[/bold] 🫖"
        await pilot.press("a")
        assert app.title == "cyclemap"
        await pilot.press("a")
        assert app.title == "The kitchen [bold]sink[/bold] 🫖"
        await pilot.press("escape")
        await pilot.pause()
        assert app.title == "PresentApp"  # what it was before


# -- large type ---------------------------------------------------------------------------


async def test_large_type_from_100_by_30_and_bold_text_below() -> None:
    app = PresentApp(demo_map())
    async with app.run_test(size=LARGE) as pilot:
        screen = present(app)
        heading = screen.query_one(BigHeading)
        assert screen.has_class("-large")
        assert heading.is_big
        assert heading.size.height == bigtype.ROWS
        assert "█" in screen_text(app)
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert not screen.has_class("-large")
        assert not heading.is_big
        assert heading.size.height == 1
        assert "For Priya, it starts when…" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert heading.is_big


def accented_map() -> CycleMap:
    """Mónica and Jun: an accent in one name, names inside the answers, markup and emoji."""
    return validate_map(
        map_data(
            title="The kitchen [bold]sink[/bold] 🫖",
            cycle_name="The kettle",
            partners=[
                partner(
                    name="Mónica",
                    trigger="Jun sighs at the sink 😔 [bold]every[/bold] time",
                    protective_move="I follow Jun round the kitchen, louder and louder",
                    reach="I'm scared you're slipping away. Can you turn round? 🫂",
                    respond="stop, breathe, and tell Jun thank you for coming back",
                ),
                partner(
                    name="Jun",
                    position="withdraw",
                    trigger="Mónica's voice goes up [i]again[/i]",
                    protective_move="I go quiet and turn to the sink",
                    reach="I'm turning away because I feel I'm failing you, not because I don't care",
                    respond="put the cup down, turn round, and tell Mónica she's not alone",
                ),
            ],
        )
    )


async def headings_seen(app: PresentApp, pilot) -> list[tuple[str, bool, int]]:
    """Every step's heading: its words, whether it is in large type, and its height."""
    screen = present(app)
    seen = []
    while True:
        await pilot.pause()
        heading = screen.query_one(BigHeading)
        seen.append((heading.text, heading.is_big, heading.size.height))
        if screen.index == len(screen.presentation) - 1:
            return seen
        await pilot.press("right")


async def test_an_accented_name_is_drawn_large_like_the_other_one() -> None:
    app = PresentApp(accented_map())
    async with app.run_test(size=LARGE) as pilot:
        assert "╱" in screen_text(app)  # over the O of MÓNICA
        assert "For Mónica" not in screen_text(app)  # not as bold text
        seen = await headings_seen(app, pilot)
        assert all(big for _, big, _ in seen)
        # A row for the accent on every line, so that Jun's headings stand as tall as Mónica's.
        heights = {text: height for text, _, height in seen}
        assert heights["So Mónica…"] == heights["So Jun…"] == bigtype.MARK_ROWS
        assert heights["For Mónica, it starts when…"] == 2 * bigtype.MARK_ROWS + 1


async def test_a_name_the_font_lacks_makes_every_heading_plain_alike() -> None:
    cycle_map = validate_map(
        map_data(partners=[partner(name="Μαρία"), partner(name="Sam", position="withdraw")])
    )
    app = PresentApp(cycle_map)
    async with app.run_test(size=LARGE) as pilot:
        assert "For Μαρία, it starts when…" in screen_text(app)
        seen = await headings_seen(app, pilot)
        # Sam's headings too: one partner's name never looks lesser than the other's.
        assert "So Sam…" in [text for text, _, _ in seen]
        assert not any(big for _, big, _ in seen)
        assert {height for _, _, height in seen} == {1}
        await pilot.press("a")  # "Partner A / B" can be drawn: then every heading is large
        await pilot.pause()
        assert present(app).query_one(BigHeading).is_big


async def test_a_name_too_long_for_large_type_makes_every_heading_plain() -> None:
    cycle_map = validate_map(
        map_data(
            partners=[partner(name="Maximilianalexander"), partner(name="Al", position="withdraw")]
        )
    )
    app = PresentApp(cycle_map)
    async with app.run_test(size=(100, 30)) as pilot:
        seen = await headings_seen(app, pilot)
        assert not any(big for _, big, _ in seen)
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert present(app).query_one(BigHeading).is_big


async def test_a_long_heading_wraps_onto_two_lines_of_large_type() -> None:
    cycle_map = validate_map(
        map_data(
            partners=[
                partner(name="Maximilian"),
                partner(name="Sam", position="withdraw"),
            ]
        )
    )
    app = PresentApp(cycle_map)
    async with app.run_test(size=(100, 30)):
        heading = present(app).query_one(BigHeading)
        assert heading.is_big
        assert heading.size.height == 2 * bigtype.ROWS + 1


async def test_a_long_answer_scrolls_rather_than_being_cut() -> None:
    long_answer = " ".join(["I keep explaining and explaining"] * 30)  # about 1,000 characters
    cycle_map = validate_map(
        map_data(
            partners=[
                partner(),
                partner(name="Sam", position="withdraw", trigger=long_answer),
            ]
        )
    )
    app = PresentApp(cycle_map)
    async with app.run_test(size=SMALL) as pilot:
        screen = present(app)
        await pilot.press("right", "right")  # the step where Alex's move lands on Sam
        assert screen.step.kind is StepKind.LANDS
        await pilot.pause()
        text = screen.query_one("#present-text", Static)
        assert text.size.height >= len(long_answer) // 72
        body = screen.query_one("#present-body")
        assert body.max_scroll_y > 0
        await pilot.press("down", "down")
        assert body.scroll_y > 0
        assert screen.step.kind is StepKind.LANDS  # up/down scroll, they don't step


def test_the_font_draws_every_heading_word_and_refuses_what_it_lacks() -> None:
    assert bigtype.supported("Underneath, Partner B feels…")
    for name in ("Zoë", "Mónica", "Çağla", "Łukasz", "Søren", "Nguyễn", "İpek", "Ægir", "Ștefan"):
        assert bigtype.supported(name), name
        assert bigtype.width(name) > 0
    for name in ("Μαρία", "美咲", "Олег", "🐻"):
        assert not bigtype.supported(name), name
    rows = bigtype.render_line("So Al…")
    assert len(rows) == bigtype.ROWS
    assert len({len(row) for row in rows}) == 1
    assert len(rows[0]) == bigtype.width("So Al…")
    assert len(bigtype.big_lines("What Alex is most afraid of…", 100) or []) == 2
    assert bigtype.big_lines("What Alex is most afraid of…", 60) is None  # three lines
    assert bigtype.big_lines("Underneath", 20) is None  # one word wider than the room
    assert bigtype.big_lines("Μαρία", 100) is None


def test_an_accent_is_drawn_over_its_letter_and_a_cedilla_under_it() -> None:
    plain = bigtype.render_line("MONICA")
    accented = bigtype.render_line("Mónica")
    assert len(accented) == bigtype.MARK_ROWS and len(plain) == bigtype.ROWS
    assert accented[1:] == plain  # the same letters, with a row above
    marks = accented[0]
    o_start = bigtype.width("M") + bigtype.GAP
    assert marks.strip() == "╱" and marks.index("╱") == o_start + 1  # centred over the O
    assert bigtype.render_line("Priya", mark_row=True)[0].strip() == ""
    assert bigtype.render_line("Ç")[-1] != bigtype.render_line("C")[-1]  # the cedilla
    assert bigtype.has_marks("Zoë") and not bigtype.has_marks("Çağ".replace("ğ", "a"))


# -- snapshots ----------------------------------------------------------------------------

SNAPSHOT_STEPS = {
    "first": [],
    "lands": ["right"] * 4,
    "loop": ["right"] * 9,
    "underneath": ["u"],
    "new-cycle": ["p"],
    "new-loop": ["end"],
    "anonymous": ["right"] * 4 + ["a"],
}
SNAPSHOT_SIZES = [LARGE, (100, 30), SMALL]


@pytest.mark.parametrize("size", SNAPSHOT_SIZES, ids=["120x40", "100x30", "80x24"])
@pytest.mark.parametrize("step", list(SNAPSHOT_STEPS), ids=list(SNAPSHOT_STEPS))
def test_snapshot(snap_compare, empty_library, home, step: str, size: tuple[int, int]) -> None:
    # The demo, as `cyclemap present --demo` shows it: the real app, window title and all.
    app = make_app(empty_library, home, start="present", demo=True)
    assert snap_compare(app, press=SNAPSHOT_STEPS[step], terminal_size=size)


@pytest.mark.parametrize("step", ["loop", "new-loop"])
def test_snapshot_without_colour(snap_compare, empty_library, home, monkeypatch, step) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(empty_library, home, start="present", demo=True)
    assert snap_compare(app, press=SNAPSHOT_STEPS[step], terminal_size=SMALL)


@pytest.mark.parametrize("step", ["lands", "new-loop"])
def test_snapshot_narrow(snap_compare, empty_library, home, step: str) -> None:
    app = make_app(empty_library, home, start="present", demo=True)
    assert snap_compare(app, press=SNAPSHOT_STEPS[step], terminal_size=(60, 24))


ACCENTED_STEPS = {"first": [], "so-jun": ["right"] * 3, "anonymous-loop": ["right"] * 5 + ["a"]}


@pytest.mark.parametrize("step", list(ACCENTED_STEPS), ids=list(ACCENTED_STEPS))
def test_snapshot_accented_names(snap_compare, empty_library, home, tmp_path, step: str) -> None:
    """Mónica and Jun: both names in the same large type, markup and emoji shown as typed."""
    path = tmp_path / "kitchen-sink.toml"
    path.write_text(map_to_toml(accented_map()), encoding="utf-8")
    app = make_app(empty_library, home, start="present", map_ref=str(path))
    assert snap_compare(app, press=ACCENTED_STEPS[step], terminal_size=(100, 30))
