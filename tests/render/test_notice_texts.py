"""The NOTICE's text comparison (#10): the shortcuts of `_normal` give what the plain
substitutions give, on every real license text and on texts made to catch the shortcuts out."""

from __future__ import annotations

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
]


def _reference(text: str, urls: bool, years: bool) -> str:
    """`_normal` as it was: both substitutions always made."""
    if urls:
        text = nt._URL.sub(" ", text)
    if years:
        text = nt._YEARS.sub(" ", text)
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
