"""The diff page (`licscan diff --html`, `licscan/render/diff_page.py`)."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from html.parser import HTMLParser

import pytest

import licscan
from licscan.judge import Comparison
from licscan.model import Report
from licscan.render import diff_page
from tests.render.test_render_html import CONTEXT, PAYLOADS, hostile_report, make_report


class _Rows(HTMLParser):
    """(data-key, change class) of every component row; (change, id) of every finding."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str]] = []
        self.findings: list[tuple[str, str]] = []  # (data-change, data-finding)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("data-key"):
            self.rows.append((found["data-key"] or "", found.get("class") or ""))
        if tag == "li" and found.get("data-finding"):
            self.findings.append((found.get("data-change") or "", found["data-finding"] or ""))


def parse(page: bytes) -> _Rows:
    parser = _Rows()
    parser.feed(page.decode("utf-8"))
    return parser


@pytest.fixture(scope="module")
def forward(gpl_report: Report, clean_report: Report) -> Comparison:
    """3.9.16 -> 3.10.9 of 20221220: GNU readline and gdbm leave."""
    return licscan.diff_all([gpl_report], [clean_report])


def test_3_9_to_3_10_shows_readline_and_gdbm_leaving(forward: Comparison) -> None:
    page = diff_page.render_html(forward, CONTEXT)
    parsed = parse(page)
    removed = {key for key, cls in parsed.rows if cls == "change-removed"}
    assert removed == {"gdbm", "readline"}
    assert ("cpython", "change-changed") in parsed.rows  # 3.9.16 -> 3.10.9
    assert ("gone", "gpl-in-interpreter") in parsed.findings
    assert not any(change == "new" for change, _ in parsed.findings if _ == "gpl-in-interpreter")
    text = page.decode()
    assert "GNU Readline" in text and "No new policy violation" in text
    assert "banner-pass" in text and "diff: pass" in text


def test_the_reverse_direction_marks_the_new_violations(
    gpl_report: Report, clean_report: Report
) -> None:
    backward = licscan.diff_all([clean_report], [gpl_report])
    page = licscan.render_diff(backward, fmt="html").decode()
    assert "banner-fail" in page and page.count('class="badge badge-violation"') == 2
    assert "2 new policy violation(s)" in page
    added = {key for key, cls in parse(page.encode()).rows if cls == "change-added"}
    assert added == {"gdbm", "readline"}


def test_the_page_is_deterministic_and_its_style_is_the_one_the_csp_allows(
    forward: Comparison,
) -> None:
    page = diff_page.render_html(forward, CONTEXT)
    assert page == diff_page.render_html(forward, CONTEXT)
    [style] = re.findall(r"<style>(.*?)</style>", page.decode(), flags=re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in html.unescape(page.decode())
    assert "<script" not in page.decode()


def test_markup_in_names_and_messages_is_escaped() -> None:
    comparison = licscan.diff_all([make_report()], [hostile_report()])
    page = diff_page.render_html(comparison, CONTEXT).decode()
    for payload in PAYLOADS:
        assert payload not in page
    assert "<script" not in page and not re.search(r"<img\b", page)
    assert "&lt;img src=x onerror=" in page  # shown as text
    assert "lib:" in page  # the hostile component is listed (added)


def test_an_unknown_diff_format_is_a_usage_error(forward: Comparison) -> None:
    with pytest.raises(licscan.UsageError, match="json or html"):
        licscan.render_diff(forward, fmt="pdf")
