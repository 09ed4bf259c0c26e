"""Copyright notices from license texts (#10): the faster notice pattern finds what the plain
one found, on every real license text."""

from __future__ import annotations

import re

from licscan.render import copyrights
from tests.builders import SHARED

# the pattern as it was, before its lookahead
NOTICE = re.compile(
    r"\bcopyright\b\s*(?:\(c\)|©)?\s*\d{4}|\bcopyright\s*(?:\(c\)|©)"
    r"|(?<=is )copyrighted by\b|(?<=are )copyrighted by\b|\(c\)\s*\d{4}|©\s*\d{4}"
    r"|^(?-i:Copyright (?=[A-Z][a-z]))",
    re.IGNORECASE,
)
MADE = [
    "COPYRIGHT (C) 1999 X. Copyright Jason Coombs. (c) 2001 y, © 2002 z",
    "This is copyrighted by A; these are copyrighted by B. copyright© ok",
    "Copyright notice: the above copyright holder. Copyright <year> <name of author>",
    "\u212a copyright \u0130 (C)2001 \u00a92010 Copyright Ab",
]


def _paragraphs(text: str) -> list[str]:
    found = []
    for paragraph in re.split(r"\n\s*(?:[*#;]\s*)?\n", text):
        joined = " ".join(copyrights._LEADER.sub("", line) for line in paragraph.splitlines())
        found.append(" ".join(joined.strip().split()))
    return found


def test_the_notice_pattern_matches_as_the_plain_one() -> None:
    texts = [p.read_text("utf-8", "replace") for p in SHARED.rglob("*LICENSE*") if p.is_file()]
    assert len(texts) >= 20
    paragraphs = [p for text in texts + MADE for p in _paragraphs(text)]
    spans = 0
    for paragraph in paragraphs:
        expected = [m.span() for m in NOTICE.finditer(paragraph)]
        assert [m.span() for m in copyrights._NOTICE.finditer(paragraph)] == expected, paragraph
        spans += len(expected)
    assert spans > 50


def test_notices_are_kept_per_text() -> None:
    text = "Copyright (c) 2001 ACME Inc.\n\nPermission is granted."
    assert copyrights._notices(text) == ["Copyright (c) 2001 ACME Inc."]
    assert copyrights._notices_once(text) is copyrights._notices_once(text)
