"""METADATA headers without the `email` package (0.01 s of CPU to import, and every PBS
archive has a dist-info to read): what `email.parser.BytesHeaderParser().parsebytes(data)
.items()` gives for ASCII data, by the same rules (CPython's `email.feedparser` with the
`compat32` policy). Anything else (non-ASCII bytes, which `email` turns into `Header`
objects) goes to `email` itself.
"""

from __future__ import annotations

import io
import re

# email.feedparser.headerRE: a header line, a continuation line or a "From " envelope line
_HEADER_LINE = re.compile(r"^(From |[\041-\071\073-\176]*:|[\t ])")


def header_items(data: bytes) -> list[tuple[str, str]]:
    """The (name, value) headers of a message in bytes, in order, as `email` reads them."""
    if not data.isascii():
        from email.parser import BytesHeaderParser

        return [(k, str(v)) for k, v in BytesHeaderParser().parsebytes(data).items()]
    lines: list[str] = []
    for line in io.StringIO(data.decode("ascii"), newline=""):  # email's line ends: \r\n, \r, \n
        if not _HEADER_LINE.match(line):  # the blank line, or the first line of the body
            break
        lines.append(line)
    return _parse_headers(lines)


def _parse_headers(lines: list[str]) -> list[tuple[str, str]]:
    """`FeedParser._parse_headers`: continuation lines joined to their header; envelope
    lines, nameless headers and leading continuation lines dropped (email's defects)."""
    found: list[tuple[str, str]] = []
    value: list[str] = []
    for number, line in enumerate(lines):
        if line[0] in " \t":
            if value:
                value.append(line)
            continue
        if value:
            found.append(_source_parse(value))
            value = []
        if line.startswith("From "):
            if number == len(lines) - 1 and number != 0:
                break  # email hands it back as the first line of the body
            continue  # the envelope line (the first line) or a misplaced one: not a header
        if line.find(":") == 0:
            continue  # no header name
        value = [line]
    if value:
        found.append(_source_parse(value))
    return found


def _source_parse(lines: list[str]) -> tuple[str, str]:
    """`compat32.header_source_parse`."""
    name, value = lines[0].split(":", 1)
    value = value.lstrip(" \t") + "".join(lines[1:])
    return name, value.rstrip("\r\n")
