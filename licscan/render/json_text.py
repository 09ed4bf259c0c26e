"""JSON text written in batches: `json.dumps(indent=...)` keeps every piece of the document
in one list before joining (the C encoder does not indent), millions of small strings for a
report of 20,000 packages; this encodes as it goes and holds only the bytes."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_BATCH = 8192  # pieces joined and encoded at a time


def indented_json(
    value: object,
    *,
    indent: int = 2,
    sort_keys: bool = False,
    errors: str = "strict",
    ensure_ascii: bool = False,
) -> bytes:
    """`(json.dumps(value, indent=indent, ensure_ascii=ensure_ascii) + "\\n").encode("utf-8",
    errors)`, byte for byte, without the list of all its pieces."""
    encoder = json.JSONEncoder(ensure_ascii=ensure_ascii, indent=indent, sort_keys=sort_keys)
    out = io.BytesIO()
    pieces: list[str] = []
    for piece in encoder.iterencode(value):
        pieces.append(piece)
        if len(pieces) >= _BATCH:
            out.write("".join(pieces).encode("utf-8", errors))
            pieces.clear()
    pieces.append("\n")
    out.write("".join(pieces).encode("utf-8", errors))
    return out.getvalue()


class LazyList(list[object]):
    """A list to `indented_json` (the pure-Python encoder) whose `count` items `make()` gives
    as it iterates: each is built, written and dropped, never all held at once."""

    def __init__(self, count: int, make: Callable[[], Iterator[object]]) -> None:
        super().__init__()
        self._count, self._make = count, make

    def __iter__(self) -> Iterator[object]:
        return self._make()

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0


def given(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The pairs whose value is set: the SBOM libraries leave out None and empty lists."""
    return {k: v for k, v in pairs if v is not None and v != []}
