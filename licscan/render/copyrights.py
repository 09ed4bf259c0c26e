"""Copyright notices for the SBOMs, each with where it came from.

In order: the notices of the component's own present license texts ("from the license text");
else the notices `data/suppliers.json` records, with the source it names ("from data": CPython's
Doc/license.rst for the copies in CPython's tree, the standard notice of a project's source files
when its license text has none, as OpenSSL 3's Apache-2.0 text); else, for a Python package, the
authors its METADATA names ("from METADATA"). Public-domain code and CC0 code with no notice say
NONE (a statement: copyright is disclaimed or waived); anything else says NOASSERTION. Nothing is
made up: a notice is a line some source wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from licscan.model import Component, ComponentKind, FileStatus, Inventory, Shipping
from licscan.render import identifiers

NOASSERTION = "NOASSERTION"
NONE = "NONE"

# Licenses whose text waives or disclaims copyright: no notice is a statement, not a gap.
_WAIVERS = {"CC0-1.0": "CC0-1.0: the authors waived copyright", "Unlicense": "Unlicense"}


@dataclass(frozen=True)
class Copyright:
    """`text` is the notices one a line, or NONE / NOASSERTION; `source` says where from."""

    text: str
    source: str

    @property
    def known(self) -> bool:
        return self.text not in (NONE, NOASSERTION)


# Where a copyright notice starts: "Copyright (c) 1998", "Copyright 2005", "(c) 2001", "© 2010",
# "is copyrighted by", or a paragraph opening "Copyright Jason R. Coombs"; it runs to the end of
# its sentence or the next notice. The license's own sentences about notices ("the above
# copyright notice ...") and templates (<year>) are not ones.
# (The lookahead names the characters a notice can start with: the same matches, found faster.)
_NOTICE = re.compile(
    r"(?=[c(©])(?:\bcopyright\b\s*(?:\(c\)|©)?\s*\d{4}|\bcopyright\s*(?:\(c\)|©)"
    r"|(?<=is )copyrighted by\b|(?<=are )copyrighted by\b|\(c\)\s*\d{4}|©\s*\d{4}"
    r"|^(?-i:Copyright (?=[A-Z][a-z])))",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<!\s[A-Z])\.(?=\s|$)|\"")
_NOT_A_NOTICE = re.compile(
    r"<year>|\[yyyy\]|\byyyy\b|<name of|copyright (?:notice|holder|owner)|copyright and license"
    r"|copyright law",
    re.IGNORECASE,
)
_LEADER = re.compile(r"^[\s*#/;!]+|\s*\*/\s*$")


def _notices(text: str) -> list[str]:
    found = []
    for paragraph in re.split(r"\n\s*(?:[*#;]\s*)?\n", text):
        joined = " ".join(_LEADER.sub("", line) for line in paragraph.splitlines()).strip()
        joined = " ".join(joined.split())
        starts = [m.start() for m in _NOTICE.finditer(joined)]
        for i, start in enumerate(starts):
            stop = starts[i + 1] if i + 1 < len(starts) else len(joined)
            end = _SENTENCE_END.search(joined, start, stop)
            notice = joined[start : end.end() if end else stop].strip(' ,;"')[:300]
            if notice and not _NOT_A_NOTICE.search(notice):
                found.append(notice)
    return found


@lru_cache(maxsize=4096)  # each text is read again for the archive and for every SBOM format
def _notices_once(text: str) -> tuple[str, ...]:
    return tuple(_notices(text))


def _cpython_texts(inventory: Inventory) -> set[str]:
    # the interpreter comes first: the scan stops there (no pass over every package per call)
    cpython = next((c for c in inventory.components if c.kind is ComponentKind.INTERPRETER), None)
    return {f.path for f in cpython.license_files} if cpython else set()


def _from_texts(component: Component, inventory: Inventory) -> list[str]:
    found: list[str] = []
    # CPython's texts carry CPython's notices: another component referring to one (the Windows
    # vcruntime to install/LICENSE.txt) takes its notice from data instead.
    theirs = set() if component.kind is ComponentKind.INTERPRETER else _cpython_texts(inventory)
    for f in component.license_files:
        text = inventory.license_texts.get(f.path)
        if f.status is FileStatus.PRESENT and text and f.path not in theirs:
            found.extend(_notices_once(text))
    return list(dict.fromkeys(found))


def copyright_of(component: Component, inventory: Inventory) -> Copyright:
    """The component's notices and their source (see the module docstring for the order).

    A copy in CPython's tree never takes notices from its texts: its only text is CPython's;
    nor does any other component from a text that is CPython's."""
    if not component.key.startswith("cpython/") and (found := _from_texts(component, inventory)):
        return Copyright("\n".join(found), "from the license text")
    entry = identifiers.entry(component)
    if entry.copyright:
        where = entry.copyright_source or "licscan's data"
        return Copyright("\n".join(dict.fromkeys(entry.copyright)), f"from data: {where}")
    if component.kind is ComponentKind.PYTHON_PACKAGE and component.authors:
        authors = ", ".join(component.authors)
        return Copyright(
            f"{authors} (the authors METADATA names; the license text has no notice)",
            "from METADATA Author",
        )
    if component.concluded.public_domain:
        return Copyright(NONE, "public domain: no copyright is claimed")
    if waiver := _WAIVERS.get(component.concluded.expression):
        return Copyright(NONE, waiver)
    return Copyright(NOASSERTION, "no notice known")


def copyright_text(component: Component, inventory: Inventory) -> str | None:
    """The notices one a line, or None when none is known (NONE or NOASSERTION)."""
    found = copyright_of(component, inventory)
    return found.text if found.known else None


def distribution_copyright(inventory: Inventory) -> Copyright:
    """The archive is a collection: the notices of everything it carries, in component order,
    when each of them is known or NONE; else NOASSERTION (a partial list would mislead)."""
    lines: list[str] = []
    for c in inventory.components:
        if c.shipping is Shipping.SYSTEM:
            continue
        found = copyright_of(c, inventory)
        if found.text == NOASSERTION:
            return Copyright(NOASSERTION, f"no notice known for {c.name}")
        if found.known:
            lines.extend(found.text.splitlines())
    if not lines:
        return Copyright(NOASSERTION, "no notice known")
    return Copyright(
        "\n".join(dict.fromkeys(lines)), "the notices of the components the archive carries"
    )
