"""Presentation mode as data: the ordered steps in which a map is shown, one at a time.

The cycle first (A's side, what lands on B, B's side, what lands back on A, the loop), then what
is underneath for each partner, then the new cycle when the map has one. No Textual here: the
steps are plain data, so they can be tested on their own and shown by any front end.

Anonymous mode says "Partner A" and "Partner B" instead of the names everywhere: in what this
module writes (headings, lead-ins, captions, the loops, the section stations) and inside the
partners' own answers ("Jun sighs at the sink" -> "Partner B sighs at the sink"; see
`cyclemap.anonymous`). The title, cycle name and couple are free text that may hold anything:
a front end should not show them in anonymous mode (`Presentation.title` is None then).

The two loop steps carry their picture: the loop drawn by `cyclemap.diagram`, with the names as
this presentation says them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files

from rich.console import RenderableType

from cyclemap.anonymous import ANONYMOUS_NAMES, NameHider
from cyclemap.diagram import CycleDiagram, PositiveCycleDiagram
from cyclemap.model import CycleMap, PartnerSide
from cyclemap.terms import one_line

__all__ = ["ANONYMOUS_NAMES", "Presentation", "Section", "Step", "StepKind", "presentation"]

DEMO_RESOURCE = ("data", "demo", "sunday-nights.toml")

# How long the move shown above a "lands" step may be before it is shortened (its full words
# were on the step just before).
LEAD_IN_MAX = 80
# How long an answer may be inside a loop picture before it is shortened: every answer in a
# loop was shown in full on a step before it, and a loop must fit on a screen to be seen as one.
LOOP_ANSWER_MAX = 200
# The answers a loop picture holds.
_LOOP_FIELDS = ("trigger", "protective_move", "reach", "respond")


class Section(StrEnum):
    CYCLE = "cycle"
    UNDERNEATH = "underneath"
    NEW_CYCLE = "new cycle"

    @property
    def label(self) -> str:
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    Section.CYCLE: "the cycle",
    Section.UNDERNEATH: "underneath",
    Section.NEW_CYCLE: "the new cycle",
}


class StepKind(StrEnum):
    TRIGGER = "trigger"
    MEANING = "meaning"
    SURFACE_FEELING = "surface_feeling"
    PROTECTIVE_MOVE = "protective_move"
    LANDS = "lands"  # the other's protective move, met as this partner's trigger
    LOOP = "loop"  # the whole loop, compactly
    UNDERLYING_FEELING = "underlying_feeling"
    FEAR = "fear"
    LONGING = "longing"
    REACH = "reach"
    RESPOND = "respond"
    NEW_LOOP = "new_loop"


@dataclass(frozen=True)
class Step:
    """One screen of the presentation.

    `text` is the partner's own answer (or, for the loop steps, the loop in a few lines);
    `partner_index` is whose side the step is about (0 for A, 1 for B; None for a loop);
    `lead_in` is a quiet line shown above the heading (what the other partner just did);
    `caption` a quiet line below the text. `station` indexes `Presentation.stations(section)`.
    A loop step has no text but a `picture`: the loop, a Rich renderable that fits any width.
    """

    kind: StepKind
    section: Section
    heading: str
    text: str
    partner_index: int | None
    station: int
    lead_in: str | None = None
    caption: str | None = None
    picture: RenderableType | None = None


@dataclass(frozen=True)
class Presentation:
    """The steps of one map in one naming mode, and the stations of each section."""

    steps: tuple[Step, ...]
    # Per section, the short stops shown in the breadcrumb: ("Alex", "Sam", "Alex").
    stations: dict[Section, tuple[str, ...]]
    anonymous: bool
    # The map's title as one clean line; None in anonymous mode (free text may hold a name).
    title: str | None = None
    # The two names as this presentation says them.
    names: tuple[str, str] = ANONYMOUS_NAMES

    @property
    def sections(self) -> tuple[Section, ...]:
        """The sections that have steps, in order."""
        return tuple(dict.fromkeys(step.section for step in self.steps))

    def first_of(self, section: Section) -> int | None:
        """The index of the section's first step, or None when the map has no such steps."""
        for index, step in enumerate(self.steps):
            if step.section is section:
                return index
        return None

    def __len__(self) -> int:
        return len(self.steps)


def display_names(cycle_map: CycleMap, *, anonymous: bool = False) -> tuple[str, str]:
    """The two names as this presentation says them."""
    if anonymous:
        return ANONYMOUS_NAMES
    a, b = cycle_map.partners
    return a.name, b.name


def has_new_cycle(cycle_map: CycleMap) -> bool:
    """True when either partner has written a reach or a respond."""
    return any(p.reach or p.respond for p in cycle_map.partners)


def shorten(text: str, limit: int = LEAD_IN_MAX) -> str:
    """One line of at most `limit` characters, cut at a word where it can be, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space].rstrip(" ,;:.")
    return cut + "…"


def _as_shown(cycle_map: CycleMap, anonymous: bool) -> tuple[PartnerSide, PartnerSide]:
    """The two sides as this presentation shows them: in anonymous mode with "Partner A/B" as
    the names, and every name inside every answer replaced."""
    if not anonymous:
        return cycle_map.partners
    hider = NameHider([partner.name for partner in cycle_map.partners])
    shown = []
    for index, partner in enumerate(cycle_map.partners):
        answers = {
            key: hider.hide(value, index)
            for key, value in partner.model_dump().items()
            if key not in {"name", "position"} and isinstance(value, str)
        }
        # A copy, not a validated model: "Partner A" may be longer than the name it replaces.
        shown.append(partner.model_copy(update={"name": ANONYMOUS_NAMES[index], **answers}))
    return shown[0], shown[1]


def shown_map(cycle_map: CycleMap, *, anonymous: bool) -> CycleMap:
    """The map as a shared screen shows it (the guided conversation in presentation mode): in
    anonymous mode "Partner A/B" for the names, in every answer and in the warning signs and
    pause phrase, and no title or cycle name (free text, which may hold a name). Only shown,
    never saved."""
    if not anonymous:
        return cycle_map
    hider = NameHider([partner.name for partner in cycle_map.partners])
    update: dict[str, object] = {"partners": _as_shown(cycle_map, True), "cycle_name": None}
    update["title"] = ""
    for key in ("warning_signs", "pause_phrase"):
        value = getattr(cycle_map, key)
        if value:
            update[key] = hider.hide(value)
    return cycle_map.model_copy(update=update)


def _loop_map(cycle_map: CycleMap, sides: tuple[PartnerSide, PartnerSide]) -> CycleMap:
    """The map a loop picture draws: the sides as shown, long answers shortened."""
    drawn = tuple(
        side.model_copy(
            update={
                key: shorten(value, LOOP_ANSWER_MAX)
                for key in _LOOP_FIELDS
                if (value := getattr(side, key))
            }
        )
        for side in sides
    )
    return cycle_map.model_copy(update={"partners": drawn})


def _side(partner: PartnerSide, name: str, index: int, station: int, *, start: bool) -> list[Step]:
    """One partner's side of the cycle, from what they meet to what they do."""
    steps: list[Step] = []
    if start:
        steps.append(
            Step(
                StepKind.TRIGGER,
                Section.CYCLE,
                f"For {name}, it starts when…",
                partner.trigger,
                index,
                station,
            )
        )
    if partner.meaning:
        steps.append(
            Step(
                StepKind.MEANING,
                Section.CYCLE,
                f"{name} tells themselves…",
                partner.meaning,
                index,
                station,
            )
        )
    if partner.surface_feeling:
        steps.append(
            Step(
                StepKind.SURFACE_FEELING,
                Section.CYCLE,
                f"On the surface, {name} feels…",
                partner.surface_feeling,
                index,
                station,
            )
        )
    steps.append(
        Step(
            StepKind.PROTECTIVE_MOVE,
            Section.CYCLE,
            f"So {name}…",
            partner.protective_move,
            index,
            station,
        )
    )
    return steps


def _lands(
    mover: PartnerSide,
    mover_name: str,
    meets: PartnerSide,
    meets_name: str,
    index: int,
    station: int,
) -> Step:
    return Step(
        StepKind.LANDS,
        Section.CYCLE,
        f"…which lands on {meets_name} as",
        meets.trigger,
        index,
        station,
        lead_in=f"{mover_name}: {shorten(mover.protective_move)}",
    )


def _underneath(partner: PartnerSide, name: str, index: int) -> list[Step]:
    steps = [
        Step(
            StepKind.UNDERLYING_FEELING,
            Section.UNDERNEATH,
            f"Underneath, {name} feels…",
            partner.underlying_feeling,
            index,
            index,
        )
    ]
    if partner.fear:
        steps.append(
            Step(
                StepKind.FEAR,
                Section.UNDERNEATH,
                f"What {name} is most afraid of…",
                partner.fear,
                index,
                index,
            )
        )
    if partner.longing:
        steps.append(
            Step(
                StepKind.LONGING,
                Section.UNDERNEATH,
                f"What {name} longs for…",
                partner.longing,
                index,
                index,
            )
        )
    return steps


def _new_cycle(sides: tuple[PartnerSide, PartnerSide], loop: CycleMap) -> list[Step]:
    """A reaches -> B responds -> B reaches -> A responds (stations 0..3), each where written;
    then the new loop, when all four are."""
    a, b = sides
    a_name, b_name = a.name, b.name
    plan = (
        (StepKind.REACH, 0, a.reach, f"Instead, {a_name} can say…"),
        (StepKind.RESPOND, 1, b.respond, f"…and {b_name} can respond"),
        (StepKind.REACH, 1, b.reach, f"Instead, {b_name} can say…"),
        (StepKind.RESPOND, 0, a.respond, f"…and {a_name} can respond"),
    )
    steps = [
        Step(kind, Section.NEW_CYCLE, heading, text, index, station)
        for station, (kind, index, text, heading) in enumerate(plan)
        if text
    ]
    if len(steps) == len(plan):
        steps.append(
            Step(
                StepKind.NEW_LOOP,
                Section.NEW_CYCLE,
                "A new way round",
                "",
                None,
                len(plan) - 1,
                caption="Each reach that is answered makes the next one easier.",
                picture=PositiveCycleDiagram(loop, heading=False),
            )
        )
    return steps


def presentation(cycle_map: CycleMap, *, anonymous: bool = False) -> Presentation:
    """Every step of the map, in order; skipped optional answers make no step."""
    sides = _as_shown(cycle_map, anonymous)
    a, b = sides
    a_name, b_name = a.name, b.name
    loop = _loop_map(cycle_map, sides)

    steps: list[Step] = []
    steps += _side(a, a_name, 0, 0, start=True)
    steps.append(_lands(a, a_name, b, b_name, 1, 1))
    steps += _side(b, b_name, 1, 1, start=False)
    steps.append(_lands(b, b_name, a, a_name, 0, 2))
    steps.append(
        Step(
            StepKind.LOOP,
            Section.CYCLE,
            "And round it goes",
            "",
            None,
            2,
            caption="The cycle is the problem, not either of you.",
            picture=CycleDiagram(loop, heading=False, surface_only=True),
        )
    )
    steps += _underneath(a, a_name, 0)
    steps += _underneath(b, b_name, 1)
    if has_new_cycle(cycle_map):
        steps += _new_cycle(sides, loop)

    stations = {
        Section.CYCLE: (a_name, b_name, a_name),
        Section.UNDERNEATH: (a_name, b_name),
        Section.NEW_CYCLE: (
            f"{a_name} reaches",
            f"{b_name} responds",
            f"{b_name} reaches",
            f"{a_name} responds",
        ),
    }
    title = None if anonymous else one_line(cycle_map.title)
    return Presentation(tuple(steps), stations, anonymous, title, (a_name, b_name))


def steps(cycle_map: CycleMap, anonymous: bool = False) -> list[Step]:
    """The steps alone (see `presentation`)."""
    return list(presentation(cycle_map, anonymous=anonymous).steps)


def demo_map() -> CycleMap:
    """The bundled example couple for teaching (`cyclemap present --demo`).

    Fictional: the same map as examples/sunday-nights.toml, shipped inside the package so that it
    works from an installed wheel.
    """
    from cyclemap.store import parse_map

    resource = files("cyclemap").joinpath(*DEMO_RESOURCE)
    return parse_map(resource.read_bytes(), "/".join(("cyclemap", *DEMO_RESOURCE)))
