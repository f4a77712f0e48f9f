"""The worksheet page printed by a real browser (the suite's headless Chromium, tests/browser/
conftest.py) on A4 and on Letter: a page for each partner and one for the two of them, nothing
split across pages, writing lines about 8 mm apart.

The page names no paper size (a person prints on their own): each test prints it at a paper
size, as a printer's setting would. The PDFs are read with pypdfium2 (a test dependency): the
pages, their text, and the writing lines as drawn. They are kept beside the screenshots
(build/screenshots/worksheet-*.pdf) for people to look at.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from cyclemap.worksheet import render_worksheet
from cyclemap.worksheet_items import PARTNER_ITEMS, PARTNERS
from tests.browser.cdp import Browser

pytestmark = pytest.mark.xdist_group("browser")

MM = 72 / 25.4  # PDF points in a millimetre
PAPER = {"a4": (210, 297), "letter": (215.9, 279.4)}


def writing_lines(page) -> list[float]:
    """Where the page's long horizontal rules are, in mm from the top."""
    height = page.get_size()[1]
    found = []
    for obj in page.get_objects(max_depth=5):
        if obj.type != pdfium_raw.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        if right - left > 100 * MM and top - bottom < 1 * MM:
            found.append((height - top) / MM)
    return sorted(found)


@pytest.fixture(scope="module", params=sorted(PAPER))
def printed(request, browser: Browser, screenshots, tmp_path_factory):
    """(paper, [(page size in mm, its text, its writing lines), …])."""
    paper = request.param
    source = tmp_path_factory.mktemp("worksheet") / "worksheet.html"
    source.write_text(render_worksheet("html"), encoding="utf-8")
    page = browser.page()
    try:
        page.open(source.as_uri())
        width, height = PAPER[paper]
        data = page.pdf(width / 25.4, height / 25.4)
    finally:
        page.close()
    (screenshots / f"worksheet-{paper}.pdf").write_bytes(data)
    pages = []
    for sheet in pdfium.PdfDocument(data):
        size = tuple(side / MM for side in sheet.get_size())
        text = " ".join(sheet.get_textpage().get_text_range().split())
        pages.append((size, text, writing_lines(sheet)))
    return paper, pages


def test_a_page_for_each_partner_and_one_together(printed) -> None:
    paper, pages = printed
    assert len(pages) == 3, f"{paper}: {len(pages)} pages"
    for size, _, _ in pages:
        assert size == pytest.approx(PAPER[paper], abs=1)
    (_, first, _), (_, second, _), (_, together, _) = pages
    assert PARTNERS[0] in first and PARTNERS[1] not in first
    assert second.startswith(PARTNERS[1])
    assert "Together" not in first + second
    for words in ("Together", "Our name for the cycle", "Warning signs", "Our pause phrase"):
        assert words in together, words
    assert together.rstrip().endswith("domestic-violence helpline.")


def test_every_question_is_on_its_partners_page(printed) -> None:
    _, pages = printed
    for _, text, _ in pages[:2]:
        for item in PARTNER_ITEMS:
            assert f"{item.number}. {item.prompt}" in text.replace("\u2019", "'")


def test_writing_lines_are_about_8_mm_apart(printed) -> None:
    _, pages = printed
    for _, _, lines in pages[:2]:
        # The name's line, then two lines a written question (8 of the 9: one is a choice).
        assert len(lines) == 1 + 2 * sum(not item.choices for item in PARTNER_ITEMS)
        pairs = [lines[i + 1] - lines[i] for i in range(1, len(lines), 2)]
        assert all(7.5 <= gap <= 8.5 for gap in pairs), pairs
    together = pages[2][2]
    assert len(together) == 5
    assert together[2] - together[1] == pytest.approx(8, abs=0.5)
