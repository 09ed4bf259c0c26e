"""Facts read from binaries while the archive streams: which OpenSSL is really linked.

OpenSSL compiles its OPENSSL_VERSION_TEXT ("OpenSSL 3.0.13 30 Jan 2024") into libcrypto, so
the static library in build/lib, the Windows DLL, or libpython / the python executable that
links it statically says which major version the archive ships, whatever PYTHON.json declares.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from licscan.model import BinaryEvidence

_CANDIDATE = re.compile(
    r"python/(?:.*/)?(?:"
    r"lib(?:crypto|ssl)[^/]*\.(?:a|lib|dll|so[.0-9]*|dylib)"
    r"|libpython3[^/]*\.(?:so[.0-9]*|dylib)"
    r"|python3\d*t?\.dll"
    r"|_ssl[^/]*\.(?:so|pyd)"
    r"|bin/python3\.\d+t?"
    r")"
)
_VERSION = re.compile(
    rb"(OpenSSL|LibreSSL) (\d+\.\d+\.\d+[a-z]?)(?:-[A-Za-z0-9]+)? {1,2}\d{1,2} [A-Z][a-z]{2} \d{4}"
)
_OVERLAP = 64


class OpenSSLScanner:
    """An archive inspector: feed it members, read `.evidence` afterwards."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], BinaryEvidence] = {}

    def __call__(self, name: str, size: int) -> Callable[[bytes | memoryview], None] | None:
        if _CANDIDATE.fullmatch(name) is None:
            return None
        tail = b""

        def consume(chunk: bytes | memoryview) -> None:
            nonlocal tail
            window = tail + chunk
            for match in _VERSION.finditer(window):
                what = "openssl-version" if match.group(1) == b"OpenSSL" else "libressl-version"
                value = match.group(2).decode("ascii")
                self._found.setdefault((name, value), BinaryEvidence(name, what, value))
            tail = window[-_OVERLAP:]

        return consume

    @property
    def evidence(self) -> tuple[BinaryEvidence, ...]:
        """Findings ordered: libcrypto itself first, then by member name."""
        items = sorted(
            self._found.values(),
            key=lambda e: ("libcrypto" not in e.member, e.member, e.value),
        )
        return tuple(items)
