"""Untrusted text made safe for the terminal: no rich markup, no control bytes, no surrogates.

File names, member paths and PYTHON.json values come from the input; printed as they are,
`[/]` is a rich MarkupError, ESC sequences reach the terminal and a lone surrogate cannot be
encoded. `escape` is the one function the CLI passes every such string through.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def plain(text: object) -> str:
    """`text` as str with control characters and lone surrogates shown as escapes."""
    value = str(text)
    value = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def one_line(text: object) -> str:
    """`escape(text)` with line breaks shown as escapes too: an error stays one line even
    when the path it names holds a newline."""
    return escape(str(text).replace("\r", "\\r").replace("\n", "\\n"))


def escape(text: object) -> str:
    """`plain(text)` with rich markup escaped: safe inside a Console.print string."""
    from rich.markup import escape as markup_escape  # only when something is printed

    return markup_escape(plain(text))
