"""The NOTICE's text comparison (#10): the shortcuts of `_normal` give what the plain
substitutions give, on every real license text and on texts made to catch the shortcuts out."""

from __future__ import annotations

import re

import pytest

from licscan.render import notice_texts as nt
from tests.builders import SHARED

REAL = sorted(p for p in SHARED.rglob("*") if p.is_file() and "LICENSE" in p.name.upper())
MADE = [
    "",
    "   ",
    "no url, no year here",
    "See HTTP://Example.COM/x and WwW.python.org, or ftp://a/b.",
    "<https://x.org/a(b)>  https:// bare  www. dot",
    "Copyright 1999 - 2004, 2007,2010 ACME\n\nand 19 99 and 2020-21",
    "(c)2001,1998-99 x\t2010\n-\n2011 y 1900s 20000",
    "url http://a.b/2019 and year 2019 www.x.org/1999-2000",
    "\u00a0non-breaking\u2003spaces http://x\u00a0y\u2028 2001\x1c2002",
    "ftp://x\nWWW.Y\r\nhttps://z 2099",
    "FTP://A hTtPs://B wWw.C Http://D 1x2001 a2001 _2001 2001_ 1999-2099,1950",
    "\u212a \u017ftp:// \u0130www. \u0131 https\u017f://x \u00df 1\u0661\u0662 2\u0660\u0660\u0661",
]


# the patterns as they were, before their lookaheads
URL = re.compile(r"(?:https?|ftp)://[^\s<>()\"']+|www\.[^\s<>()\"']+", re.IGNORECASE)
YEARS = re.compile(r"\b(?:19|20)\d\d(?:\s*[-,]\s*(?:19|20)?\d\d)*\b")


def _reference(text: str, urls: bool, years: bool) -> str:
    """`_normal` as it was: both substitutions always made."""
    if urls:
        text = URL.sub(" ", text)
    if years:
        text = YEARS.sub(" ", text)
    return f" {' '.join(text.split())} "


def test_there_are_real_texts() -> None:
    assert len(REAL) >= 20


@pytest.mark.parametrize("urls", [False, True])
@pytest.mark.parametrize("years", [False, True])
def test_normal_forms_are_the_plain_substitutions(urls: bool, years: bool) -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in REAL] + MADE
    for text in texts:
        assert nt._normal(text, urls, years) == _reference(text, urls, years), text[:60]


def test_a_text_without_urls_or_years_is_its_own_stripped_form() -> None:
    text = "Permission is hereby granted, free of charge"
    assert nt._stripped(text, True, True) is text
    assert nt._stripped("see www.x.org", True, False) == "see  "
    assert nt._may_hold_url("HTTPS://x") and not nt._may_hold_url("http:/x ww.x")


def _reference_relation(first: str, later: str) -> nt.Relation | None:
    if first == later:
        return nt.Relation("", False)
    for urls, years in ((False, False), (True, False), (False, True), (True, True)):
        a, b = _reference(first, urls, years), _reference(later, urls, years)
        if b.strip() and (a == b or b in a):
            names = [n for n, used in (("URLs", urls), ("years", years)) if used]
            return nt.Relation(" and ".join(names) or "whitespace", a != b)
    return None


def _variants(text: str) -> list[str]:
    """Texts related to `text` in each way `relation` knows, and not."""
    lines = text.splitlines()
    middle = "\n".join(lines[len(lines) // 3 : 2 * len(lines) // 3])
    return [
        text,
        "  " + text.replace("\n", "\n\n") + "\n",
        text.replace("19", "20").replace("http", "HTTP"),
        "Copyright 2001 - 2004 https://example.org/a\n" + text,
        middle,
        middle.replace(" ", " 1999 - 2000 ", 3),
        middle + " extra",
        "- , " + middle,
        text[:200] + " http://x.org/y 2020 " + text[200:],
        text.replace("http://", "https://").replace("2", "3"),
        middle.replace("http", "ftp").replace("0", "9"),
        re.sub(r"\d", "7", middle),
    ]


def test_relation_is_the_plain_comparison_on_real_texts() -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in REAL] + MADE
    found = 0
    for first in texts:
        for later in [*_variants(first), *texts[:12]]:
            expected = _reference_relation(first, later)
            assert nt.relation(first, later) == expected, (first[:40], later[:40])
            found += expected is not None
    assert found > len(texts) * 4  # the variants do relate


def test_wrap_gives_what_textwrap_gives() -> None:
    import textwrap

    from licscan.render.notice import WIDTH, wrap

    words = ["a", "licscan", "x" * 30, " ", "  ", "\t", "\n", "\u00a0", "-", "é", "\x0b"]
    texts = ["", " ", "end ", " lead", "a\u00a0", "x" * 79, "x" * 80, "x" * 81]
    texts += [" ".join(words[(i * 7 + j) % len(words)] for j in range(i % 9)) for i in range(300)]
    for text in texts:
        for first, rest in (
            ("", None),
            ("  * ", None),
            ("License:".ljust(14), "    "),
            ("x" * 70, ""),
        ):
            expected = textwrap.wrap(
                text,
                WIDTH,
                initial_indent=first,
                subsequent_indent=" " * len(first) if rest is None else rest,
                break_on_hyphens=False,
            ) or [first.rstrip()]
            assert wrap(text, first, rest) == expected, (text, first)
