"""Every example's HTML page and SVG drawing, opened in headless Chromium.

For each one: no sideways scrolling on a 390 px phone (and the loop's arrows still drawn);
printed to PDF at A4 and at Letter, the cycle on one page and the new cycle and the pocket
card on a page each; every answer there as text a person can select; nothing loaded from
anywhere, as the browser itself reports (and a planted script, image and style refused by the
page's Content-Security-Policy); the contrast figure at least 4.5:1, light and dark.

One browser for the whole module (the tests stay in one xdist worker); PNGs for people to look
at go to build/screenshots/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cyclemap import drawing
from cyclemap.model import CycleMap
from cyclemap.store import load_file
from tests.browser.cdp import Browser, Page
from tests.browser.conftest import EXTRA
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.xdist_group("browser")

IDS = [example.stem for example in EXAMPLES]
CHECKS = (Path(__file__).parent / "checks.js").read_text(encoding="utf-8")
PAPER = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
ANSWER_KEYS = (
    "trigger",
    "meaning",
    "surface_feeling",
    "protective_move",
    "underlying_feeling",
    "fear",
    "longing",
    "guess",
    "reach",
    "respond",
)


def example(name: str) -> CycleMap:
    if name in EXTRA:
        return EXTRA[name]
    return load_file(next(e for e in EXAMPLES if e.stem == name))


def answers(cycle_map: CycleMap) -> list[str]:
    found = [v for p in cycle_map.partners for k in ANSWER_KEYS if (v := p.answer(k))]
    found += [v for v in (cycle_map.pause_phrase, cycle_map.warning_signs, cycle_map.notes) if v]
    return found


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def page(browser: Browser):
    opened = browser.page(1280, 900)
    try:
        yield opened
    finally:
        opened.close()


def load(page: Page, path: Path) -> None:
    page.open(path.as_uri())
    page.evaluate(CHECKS)


def full_height(page: Page, width: int, mobile: bool = False) -> None:
    """The viewport as tall as the page, so that every part of it can be hit-tested."""
    height = page.evaluate("document.documentElement.scrollHeight")
    page.resize(width, min(int(height), 16000), mobile=mobile)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def expected_pages(cycle_map: CycleMap) -> int:
    card = bool(
        cycle_map.pause_phrase
        or cycle_map.warning_signs
        or any(p.reach for p in cycle_map.partners)
    )
    return 1 + drawing.has_positive_cycle(cycle_map) + card


# ---- a phone --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", IDS)
def test_no_sideways_scrolling_on_a_phone_and_the_arrows_kept(
    page: Page, exported, screenshots: Path, name: str
) -> None:
    page.resize(390, 844, mobile=True)
    load(page, exported[name]["html"])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name}: the page is {width} px wide on a 390 px phone"
    assert page.evaluate("document.body.scrollWidth") <= 390
    full_height(page, 390, mobile=True)
    shown = page.evaluate("window.cyclemapChecks.visibleArrows()")
    loops = 1 + drawing.has_positive_cycle(example(name))
    assert shown == 2 * loops, f"{name}: {shown} arrows drawn on a phone"
    assert page.evaluate("document.querySelector('.stacked svg').getBoundingClientRect().width") > 0
    page.screenshot(str(screenshots / f"{name}-390.png"))


@pytest.mark.parametrize("name", IDS)
def test_wide_screen_light_and_dark(page: Page, exported, screenshots: Path, name: str) -> None:
    load(page, exported[name]["html"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.evaluate("window.cyclemapChecks.visibleArrows()") == 2 * (
        1 + drawing.has_positive_cycle(example(name))
    )
    page.screenshot(str(screenshots / f"{name}-1280.png"))
    page.scheme("dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(251, 249, 244)", "the page did not follow the system's dark mode"
    page.screenshot(str(screenshots / f"{name}-1280-dark.png"))


# ---- paper ----------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", list(PAPER))
@pytest.mark.parametrize("name", IDS)
def test_prints_the_cycle_on_one_page(
    page: Page, exported, screenshots: Path, name: str, paper: str
) -> None:
    load(page, exported[name]["html"])
    pdf = page.pdf(*PAPER[paper])
    printed = screenshots / f"{name}-{paper}.pdf"
    printed.write_bytes(pdf)
    if shutil.which("pdftoppm"):  # each printed page as a PNG to look at (poppler-utils)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(printed), str(printed.with_suffix(""))],
            check=False,
            timeout=60,
        )
    expected = expected_pages(example(name))
    assert page_count(pdf) == expected, (
        f"{name} on {paper}: {page_count(pdf)} pages, not {expected} (the cycle, then the new "
        "cycle and the card on a page each)"
    )


@pytest.mark.parametrize("name", IDS)
def test_printed_pages_as_pictures(page: Page, exported, screenshots: Path, name: str) -> None:
    """What the print stylesheet lays out, at A4's width, for people to look at."""
    page.send("Emulation.setEmulatedMedia", {"media": "print"})
    page.resize(794, 1123)
    load(page, exported[name]["html"])
    assert page.evaluate("getComputedStyle(document.querySelector('.answers')).display") == "none"
    page.screenshot(str(screenshots / f"{name}-print.png"))


# ---- words ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", IDS)
def test_every_answer_is_text_a_person_can_select(page: Page, exported, name: str) -> None:
    load(page, exported[name]["html"])
    shown = squash(page.evaluate("document.body.innerText"))
    assert page.evaluate("getComputedStyle(document.body).userSelect") != "none"
    for answer in answers(example(name)):
        assert squash(answer) in shown, answer
    page.evaluate("document.execCommand('selectAll')")
    selected = squash(page.evaluate("String(window.getSelection())"))
    for answer in answers(example(name)):
        assert squash(answer) in selected, answer


@pytest.mark.parametrize("name", IDS)
def test_the_drawing_holds_every_answer_as_text(page: Page, exported, name: str) -> None:
    load(page, exported[name]["svg"])
    drawn = "".join(
        page.evaluate("[...document.querySelectorAll('text')].map(t => t.textContent)").__iter__()
    )
    for answer in answers(example(name)):
        if answer in {example(name).notes}:
            continue
        assert "".join(answer.split()) in "".join(drawn.split()), answer


@pytest.mark.parametrize("name", [*IDS, "long", "hostile", "wide"])
def test_no_line_of_the_drawing_runs_out_of_its_card(page: Page, exported, name: str) -> None:
    """Text measured with the width table fits in the fonts the browser really draws with."""
    for fmt in ("svg", "html"):
        load(page, exported[name][fmt])
        full_height(page, 1280)
        assert page.evaluate("window.cyclemapChecks.overflowing()") == [], (name, fmt)


@pytest.mark.parametrize("name", ["long", "hostile", "wide"])
def test_hard_words_on_a_phone_and_on_paper(page: Page, exported, name: str) -> None:
    """Very long words, emoji, right-to-left text, markup: no sideways scrolling, nothing
    run as a script, and the cycle still on one printed page."""
    page.resize(390, 844, mobile=True)
    load(page, exported[name]["html"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("document.scripts.length") == 0
    first = page.evaluate("document.querySelector('figure').getBoundingClientRect().top")
    assert first > 0
    page.resize(1280, 900)
    pdf = page.pdf(*PAPER["a4"])
    assert page_count(pdf) == expected_pages(EXTRA[name]), name


# ---- nothing from outside ---------------------------------------------------------------------


def requests(page: Page) -> list[str]:
    return [
        e["params"]["request"]["url"]
        for e in page.browser.events(page.session)
        if e.get("method") == "Network.requestWillBeSent"
    ]


def violations(page: Page) -> list[str]:
    found = []
    for event in page.browser.events(page.session):
        params = event.get("params", {})
        text = params.get("entry", {}).get("text", "") or str(params.get("args", ""))
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            found.append(text)
    return found


@pytest.mark.parametrize("fmt", ["html", "svg"])
@pytest.mark.parametrize("name", IDS)
def test_nothing_is_loaded_from_anywhere(page: Page, exported, name: str, fmt: str) -> None:
    path = exported[name][fmt]
    load(page, path)
    assert requests(page) == [path.as_uri()]
    assert violations(page) == []


def test_the_browser_enforces_the_content_security_policy(page: Page, exported, tmp_path) -> None:
    """A page with a script, an image and a style planted in it: the browser refuses all three,
    because of the page's own policy."""
    original = exported[IDS[0]]["html"].read_text(encoding="utf-8")
    planted = original.replace(
        "<main>",
        '<main><script>document.title = "ran"</script>'
        '<img src="http://127.0.0.1:9/x.png" alt="">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        1,
    )
    path = tmp_path / "planted.html"
    path.write_text(planted, encoding="utf-8")
    load(page, path)
    assert page.evaluate("document.title") != "ran"
    failed = [
        e["params"].get("blockedReason")
        for e in page.browser.events(page.session)
        if e.get("method") == "Network.loadingFailed"
    ]
    assert failed.count("csp") == 2, failed
    assert violations(page)


# ---- contrast ---------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", IDS)
def test_the_contrast_figure(page: Page, exported, name: str, width: int, scheme: str) -> None:
    page.scheme(scheme)
    page.resize(width, 900, mobile=width < 500)
    load(page, exported[name]["html"])
    full_height(page, width, mobile=width < 500)
    worst = page.evaluate("window.cyclemapChecks.contrast()")
    assert worst["count"] > 20
    assert worst["ratio"] >= 4.5, f"{name} {width}px {scheme}: {worst}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", IDS)
def test_the_contrast_figure_of_the_svg(
    page: Page, exported, screenshots: Path, name: str, scheme: str
) -> None:
    page.scheme(scheme)
    load(page, exported[name]["svg"])
    full_height(page, 1280)
    worst = page.evaluate("window.cyclemapChecks.contrast()")
    assert worst["count"] > 20
    assert worst["ratio"] >= 4.5, f"{name} {scheme}: {worst}"
    page.screenshot(str(screenshots / f"{name}-svg-{scheme}.png"))
