"""The index page of a multi-input report folder: self-contained, escaped, deterministic."""

from __future__ import annotations

import base64
import hashlib
import html
import re

from licscan.render import IndexEntry, render_index


def test_an_index_of_bad_inputs_only_is_escaped_and_allows_only_its_style() -> None:
    page = render_index([IndexEntry("<img src=x>.tar.zst", error="it is <b>corrupt</b>")]).decode()
    assert "<img" not in page and "<b>" not in page
    assert "&lt;img src=x&gt;.tar.zst" in page and "it is &lt;b&gt;corrupt&lt;/b&gt;" in page
    assert "bad input" in page and "<script" not in page and "href=" not in page
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    (csp,) = map(html.unescape, re.findall(r'Content-Security-Policy" content="([^"]+)"', page))
    assert csp.startswith("default-src 'none'; ") and f"'sha256-{digest}'" in csp
    assert render_index([IndexEntry("a", error="x")]) == render_index([IndexEntry("a", error="x")])
