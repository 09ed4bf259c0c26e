"""Shared ground of the model: a string enum and the JSON value type."""

from __future__ import annotations

import enum
from typing import Union

# A JSON value kept verbatim (unknown PYTHON.json keys).
JSONValue = Union[str, int, float, bool, None, list["JSONValue"], dict[str, "JSONValue"]]  # noqa: UP007 (runtime alias on 3.10)


class StrEnum(str, enum.Enum):
    """A string-valued enum that renders as its value (Python 3.10 has no enum.StrEnum)."""

    def __str__(self) -> str:
        return str(self.value)
