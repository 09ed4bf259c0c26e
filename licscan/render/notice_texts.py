"""The NOTICE's texts: which to print, which repeat an earlier one, which are not licenses.

Each distinct text is printed once. A text equal to an earlier one, or equal to it once
whitespace, URLs and years are set aside (CPython's `licenses/LICENSE.cpython.txt` and
`install/lib/python3.X/LICENSE.txt`), refers back to it and says what differs. Authorship
files (AUTHORS, CONTRIBUTORS, CREDITS, THANKS) are listed apart, never printed as license
texts; NOTICE files are notices and are printed. A shipped component without any text in
the archive gets its licenses' and exceptions' texts from the SPDX License List
(`license_list.py`).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from licscan.model import Component, FileStatus, LicenseFile
from licscan.render.license_list import license_list

_AUTHORSHIP = re.compile(r"(AUTHORS|CONTRIBUTORS|CREDITS|THANKS)\b", re.IGNORECASE)
_NOTICE_FILE = re.compile(r"NOTICE\b", re.IGNORECASE)
# (the lookaheads name the first characters the patterns can match: the same matches, found faster)
_URL = re.compile(r"(?=[hfw])(?:(?:https?|ftp)://[^\s<>()\"']+|www\.[^\s<>()\"']+)", re.IGNORECASE)
_YEARS = re.compile(r"(?=[12])\b(?:19|20)\d\d(?:\s*[-,]\s*(?:19|20)?\d\d)*\b")


def base_name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def is_authorship(path: str) -> bool:
    """AUTHORS.txt, CONTRIBUTORS, ...: who wrote the code, not a license or a notice."""
    return bool(_AUTHORSHIP.match(base_name(path)))


def is_notice_file(path: str) -> bool:
    return bool(_NOTICE_FILE.match(base_name(path)))


def _may_hold_url(text: str) -> bool:
    """False when `_URL` cannot match: each of its matches holds "://" or "www." in some case."""
    return "://" in text or "www." in text.lower()


@lru_cache(maxsize=512)  # each printed text is compared with every later one
def _stripped(text: str, urls: bool, years: bool) -> str:
    """`text` without its URLs and/or years; `text` itself when it has none to remove."""
    if years:
        text = _stripped(text, urls, False)
        return _YEARS.sub(" ", text) if "19" in text or "20" in text else text
    return _URL.sub(" ", text) if urls and _may_hold_url(text) else text


@lru_cache(maxsize=512)
def _spaced(text: str) -> str:
    return f" {' '.join(text.split())} "


def _normal(text: str, urls: bool, years: bool) -> str:
    """`text` with its whitespace made single spaces, and without its URLs and/or years."""
    return _spaced(_stripped(text, urls, years))


@lru_cache(maxsize=512)
def _clues(text: str) -> tuple[str, ...]:
    """A few of the first words of `text` that all its normal forms keep whole: no digit (a
    year's part), no URL, not a lone "-" or "," (a year range's); a text that is another's in
    some normal form, or a part of it, has each of them somewhere in the other's own text."""
    words = [
        w
        for w in dict.fromkeys(text.split(None, 64)[:64])
        if w not in ("-", ",") and not any(c.isdigit() for c in w) and not _may_hold_url(w)
    ]
    return tuple(dict.fromkeys([*words[:2], *sorted(words, key=len, reverse=True)[:3]]))


_MARKED_WORD = re.compile(r"(?<!\S)\S*?(?:\d|://|www\.)\S*", re.IGNORECASE)  # a whole word


@lru_cache(maxsize=512)
def _marked(text: str) -> tuple[str, ...]:
    """The first words of `text` that hold a digit or a URL: where texts that differ in their
    years or URLs show it."""
    found: dict[str, None] = {}
    for match in _MARKED_WORD.finditer(text):
        found[match.group()] = None
        if len(found) == 32:
            break
    return tuple(found)


def _fails(first: str, later: str, urls: bool, years: bool) -> bool:
    """True when a word of `later` that this normal form keeps whole is nowhere in `first`: then
    `later` is not `first`, nor a part of it, in this form (each word of a normal form is a piece
    of the text it comes from)."""
    for word in _marked(later):
        if urls and _may_hold_url(word):
            continue
        if years and any(c.isdigit() for c in word):
            continue
        if word not in first:
            return True
    return False


@dataclass(frozen=True)
class Relation:
    """How a later text relates to one printed earlier."""

    differs: str  # "" (identical), "whitespace", "URLs", "years", "URLs and years"
    contained: bool  # the later text is a part of the earlier one


def relation(first: str, later: str) -> Relation | None:
    """`later` is `first`, or a part of it, once whitespace, URLs and years are set aside."""
    if first == later:
        return Relation("", False)
    if not all(clue in first for clue in _clues(later)):
        return None  # cheap, and most texts are not another's
    for urls, years in ((False, False), (True, False), (False, True), (True, True)):
        if _fails(first, later, urls, years):
            continue
        a, b = _normal(first, urls, years), _normal(later, urls, years)
        if b.strip() and (a == b or b in a):
            names = [n for n, used in (("URLs", urls), ("years", years)) if used]
            return Relation(" and ".join(names) or "whitespace", a != b)
    return None


@dataclass(frozen=True)
class TextBlock:
    """One text of a component: printed here, or why not (`note`)."""

    path: str
    text: str | None  # printed at this place
    note: str = ""  # "same text as printed above under Tcl", "missing from the archive", ...
    identified: str = ""  # what licenseclassifier recognized the text as
    label: str = "License text"  # or "Notice", or "License text (SPDX License List)"
    source: str = ""  # for texts not from the archive: where they come from


@dataclass(frozen=True)
class Authorship:
    """An authorship file: listed, not reproduced."""

    component: str
    path: str
    lines: int


@dataclass
class Printed:
    """Which texts are already printed, and under which component."""

    first: list[tuple[str, str, str]] = field(default_factory=list)  # (text, title, path)
    authorship: list[Authorship] = field(default_factory=list)
    # lower-cased SPDX id -> (title, path) of a printed text licenseclassifier found to be it
    identified: dict[str, tuple[str, str]] = field(default_factory=dict)

    def _refer(self, text: str) -> str | None:
        for seen, title, path in self.first:
            how = relation(seen, text)
            if how is None:
                continue
            differs = f", differs only in {how.differs}" if how.differs else ""
            if how.contained:
                return f"contained in the text printed above under {title} ({path}{differs})"
            return f"same text as printed above under {title} ({path}{differs})"
        return None

    def block(self, file: LicenseFile, texts: Mapping[str, str], title: str) -> TextBlock | None:
        label = "Notice" if is_notice_file(file.path) else "License text"
        if file.status is FileStatus.MISSING:
            return TextBlock(
                file.path, None, "referenced by the metadata but missing from the archive"
            )
        text = texts.get(file.path)
        if text is None or not text.strip():
            why = file.detail or f"the file is {file.status.value}"
            return TextBlock(file.path, None, f"not reproduced: {why}", label=label)
        if is_authorship(file.path):
            self.authorship.append(Authorship(title, file.path, len(text.splitlines())))
            return None
        identified = ", ".join(file.identified) if file.identified_whole else ""
        refer = self._refer(text)
        if refer is not None:
            also = f"; identified as {identified}" if identified else ""
            return TextBlock(file.path, None, refer + also, label=label)
        self.first.append((text, title, file.path))
        if file.identified_whole and len(file.identified) == 1:
            self.identified.setdefault(file.identified[0].lower(), (title, file.path))
        return TextBlock(file.path, text.rstrip() + "\n", identified=identified, label=label)

    def from_license_list(self, component: Component, ids: tuple[str, ...]) -> list[TextBlock]:
        """Texts of the SPDX License List for a component without any text in the archive:
        its licenses' and its exceptions' (`WITH LLVM-exception`)."""
        data = license_list()
        version = f", version {data.version}" if data.version else ""
        blocks: list[TextBlock] = []
        for spdx_id in ids:
            name = f"{spdx_id} (SPDX License List{version})"
            text = data.text(spdx_id)
            kind = "exception" if spdx_id.lower() in data.exceptions else "license"
            known = self.identified.get(spdx_id.lower())
            if known is not None:
                blocks.append(
                    TextBlock(
                        spdx_id,
                        None,
                        f"not in the archive for this component; the {spdx_id} text is printed "
                        f"above under {known[0]} ({known[1]}, identified as {spdx_id})",
                    )
                )
                continue
            if text is None:
                blocks.append(
                    TextBlock(
                        spdx_id,
                        None,
                        f"the {kind} text is not in the archive, nor in the SPDX data licscan "
                        f"carries; see https://spdx.org/licenses/{spdx_id}.html",
                    )
                )
                continue
            refer = self._refer(text)
            if refer is not None:
                blocks.append(TextBlock(spdx_id, None, refer))
                continue
            self.first.append((text, component.name, name))
            source = (
                f"text from the SPDX License List{version} (package {data.package}), "
                "not found in the archive"
            )
            label = "License exception text" if kind == "exception" else "License text"
            blocks.append(TextBlock(name, _fill(text), label=label, source=source))
        return blocks


def _fill(text: str) -> str:
    """An SPDX License List text in lines of 80 columns (its paragraphs are single lines;
    whitespace is not significant in SPDX texts), each line's indentation kept."""
    lines = []
    for line in text.rstrip().splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        if len(line) <= 80:
            lines.append(line.rstrip())
            continue
        lines += textwrap.wrap(
            line.strip(),
            80,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
            break_long_words=False,
        )
    return "\n".join(lines) + "\n"
