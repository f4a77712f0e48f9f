"""Presentation mode as data: the ordered steps in which a map is shown, one at a time.

The cycle first (A's side, what lands on B, B's side, what lands back on A, the loop), then what
is underneath for each partner, then the new cycle when the map has one. No Textual here: the
steps are plain data, so they can be tested on their own and shown by any front end.

Anonymous mode replaces the two *name fields* with "Partner A" and "Partner B" in everything this
module writes (headings, lead-ins, captions, the loop, the section stations). The partners' own
answers are shown exactly as they typed them: a name someone wrote inside an answer ("Sam goes
quiet") stays. Front ends should say so where they offer the toggle.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files

from cyclemap.model import CycleMap, PartnerSide

ANONYMOUS_NAMES = ("Partner A", "Partner B")
DEMO_RESOURCE = ("data", "demo", "sunday-nights.toml")

# How long one move may be inside the compact loop before it is shortened (the full words were
# shown on their own step just before).
LOOP_ANSWER_MAX = 80


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
    """

    kind: StepKind
    section: Section
    heading: str
    text: str
    partner_index: int | None
    station: int
    lead_in: str | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Presentation:
    """The steps of one map in one naming mode, and the stations of each section."""

    steps: tuple[Step, ...]
    # Per section, the short stops shown in the breadcrumb: ("Alex", "Sam", "Alex").
    stations: dict[Section, tuple[str, ...]]
    anonymous: bool

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


def shorten(text: str, limit: int = LOOP_ANSWER_MAX) -> str:
    """One line of at most `limit` characters, cut at a word where it can be, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space].rstrip(" ,;:.")
    return cut + "…"


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


def _new_cycle(cycle_map: CycleMap, names: tuple[str, str]) -> list[Step]:
    """A reaches -> B responds -> B reaches -> A responds (stations 0..3), each where written;
    then the new loop, when all four are."""
    a, b = cycle_map.partners
    a_name, b_name = names
    plan = (
        (StepKind.REACH, 0, a.reach, f"Instead, {a_name} can say…", f"{a_name} reaches"),
        (StepKind.RESPOND, 1, b.respond, f"…and {b_name} can respond", f"{b_name} responds"),
        (StepKind.REACH, 1, b.reach, f"Instead, {b_name} can say…", f"{b_name} reaches"),
        (StepKind.RESPOND, 0, a.respond, f"…and {a_name} can respond", f"{a_name} responds"),
    )
    steps = [
        Step(kind, Section.NEW_CYCLE, heading, text, index, station)
        for station, (kind, index, text, heading, _) in enumerate(plan)
        if text
    ]
    if len(steps) == len(plan):
        lines = [f"{label}: {shorten(text or '')}" for _, _, text, _, label in plan]
        steps.append(
            Step(
                StepKind.NEW_LOOP,
                Section.NEW_CYCLE,
                "A new way round",
                "\n↓\n".join(lines),
                None,
                len(plan) - 1,
                caption="Each reach that is answered makes the next one easier.",
            )
        )
    return steps


def presentation(cycle_map: CycleMap, *, anonymous: bool = False) -> Presentation:
    """Every step of the map, in order; skipped optional answers make no step."""
    a, b = cycle_map.partners
    a_name, b_name = display_names(cycle_map, anonymous=anonymous)

    steps: list[Step] = []
    steps += _side(a, a_name, 0, 0, start=True)
    steps.append(_lands(a, a_name, b, b_name, 1, 1))
    steps += _side(b, b_name, 1, 1, start=False)
    steps.append(_lands(b, b_name, a, a_name, 0, 2))
    loop = "\n".join(
        [
            f"{a_name}: {shorten(a.protective_move)}",
            "↓",
            f"{b_name}: {shorten(b.protective_move)}",
            "↓",
            f"…and back to {a_name}",
        ]
    )
    steps.append(
        Step(
            StepKind.LOOP,
            Section.CYCLE,
            "And round it goes",
            loop,
            None,
            2,
            caption="The cycle is the problem, not either of you.",
        )
    )
    steps += _underneath(a, a_name, 0)
    steps += _underneath(b, b_name, 1)
    if has_new_cycle(cycle_map):
        steps += _new_cycle(cycle_map, (a_name, b_name))

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
    return Presentation(tuple(steps), stations, anonymous)


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
