"""`BinaryInspector`: the binary evidence of every member, in the archive's single pass.

An inspector for `read_archive`: for each member that can carry evidence it sniffs the first
bytes (by content, never by name) and, for ELF, Mach-O (thin or universal), PE and `ar`
archives, runs the fingerprint matcher and the bounded header collector over the same chunks.
Members that are obviously no binary (by suffix: .py, .txt, .h, ...) are not looked at.
LLVM bitcode (LTO objects) is recorded by format only: it does not store strings as bytes.

It also keeps the version-string-only OpenSSL path of the members that may link OpenSSL
(libcrypto/libssl, libpython, the python executable, `_ssl`, the Windows python3X.dll): their
"OpenSSL 3.0.13 30 Jan 2024" banner is `BinaryEvidence`, whatever the rest of the bytes are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from licscan.model import BinaryEvidence, BinaryFacts
from licscan.read.binary.fingerprints import Fingerprint, load_fingerprints
from licscan.read.binary.headers import HeaderCollector
from licscan.read.binary.matcher import StreamMatcher
from licscan.read.binary.patterns import KeySearch, Patterns
from licscan.read.binary.sniff import AR, LLVM_BITCODE, SNIFF_BYTES, sniff

# Suffixes of members that are never ELF, Mach-O, PE or ar (lower case).
_SUFFIXES = """
    .py .pyc .pyi .pyo .pth .txt .rst .md .h .hpp .hh .c .cc .cpp .inc .html .htm .css .js
    .json .toml .cfg .ini .xml .xsd .csv .tcl .tm .enc .msg .dectest .pem .crt .cer .gif .png
    .jpg .jpeg .ico .icns .bmp .ppm .pgm .pbm .xbm .xpm .svg .wav .aif .aiff .au .mo .po .whl
    .zip .gz .bz2 .xz .zst .tar .tgz .pdb .sh .bat .ps1 .cmake .pc .typed .sample .pickle .pck
    .ttf .otf .dtd .plist .modulemap .tbd .manifest .yaml .yml .patch .diff"""
SKIPPED_SUFFIXES = frozenset(_SUFFIXES.split())
_LEGACY_OPENSSL = re.compile(
    r"python/(?:.*/)?(?:"
    r"lib(?:crypto|ssl)[^/]*\.(?:a|lib|dll|so[.0-9]*|dylib)"
    r"|libpython3[^/]*\.(?:so[.0-9]*|dylib)"
    r"|python3\d*t?\.dll"
    r"|_ssl[^/]*\.(?:so|pyd)"
    r"|bin/python3\.\d+t?"
    r")"
)
_BANNER = re.compile(
    rb"(OpenSSL|LibreSSL) (\d+\.\d+\.\d+[a-z]?)(?:-[A-Za-z0-9]+)? {1,2}\d{1,2} [A-Z][a-z]{2} \d{4}"
)
# what both names end with ("SSL \\d"): one fast literal search finds where a banner can start
_BANNER_HINT = KeySearch((b"SSL %d" % digit, ("literal", digit)) for digit in range(10))
_BANNER_STARTS = ((b"Open", 4), (b"Libre", 5))
_BANNER_OVERLAP = 64
_MIN_BINARY = 8  # no binary format fits in fewer bytes


def _skipped(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return dot > 0 and base[dot:].lower() in SKIPPED_SUFFIXES


class _Member:
    """The evidence of one member while its chunks stream past."""

    def __init__(self, owner: BinaryInspector, name: str, size: int, scan: bool, banner: bool):
        self.owner, self.name, self.size = owner, name, size
        self.scan, self.banner = scan, banner
        # the chunks before the first SNIFF_BYTES were seen: views of the reader's immutable
        # blocks, not copies (a member that sniffs as no binary is never copied at all)
        self.pending: list[memoryview] = []
        self.seen = 0
        self.format: str | None = None
        self.decided = not scan
        self.matcher: StreamMatcher | None = None
        self.headers: HeaderCollector | None = None
        self.tail = b""

    def feed(self, chunk: bytes | memoryview) -> None:
        if self.banner:
            self._banner(chunk)
        if self.decided:
            self._feed(chunk)
            return
        self.pending.append(chunk if isinstance(chunk, memoryview) else memoryview(chunk))
        self.seen += len(chunk)
        if self.seen >= SNIFF_BYTES:
            self._decide()

    def _feed(self, chunk: bytes | memoryview) -> None:
        if self.matcher is not None:
            self.matcher.feed(chunk)
        if self.headers is not None:
            self.headers.feed(chunk)

    def _decide(self) -> None:
        self.decided = True
        pending, self.pending = self.pending, []
        head = bytearray()
        for chunk in pending:
            head += chunk[: SNIFF_BYTES - len(head)]
            if len(head) >= SNIFF_BYTES:
                break
        self.format = sniff(bytes(head))
        if self.format is None or self.format == LLVM_BITCODE:
            return
        self.matcher = StreamMatcher(self.owner.patterns, self.format, self.size)
        if self.format != AR:
            self.headers = HeaderCollector(
                self.size, prefix_cap=self.owner.prefix_cap, max_headers=self.owner.max_headers
            )
        for chunk in pending:
            self._feed(chunk)

    def _banner(self, chunk: bytes | memoryview) -> None:
        view = memoryview(chunk).cast("B")
        # the seam with the previous chunk, then the chunk where it lies (no copy)
        for data in (self.tail + bytes(view[:_BANNER_OVERLAP]), view):
            last = 0  # as `_BANNER.finditer` over `data`: no match inside the one before
            for hint, _tag in _BANNER_HINT.hits(data):  # in order of start
                for name, size in _BANNER_STARTS:
                    at = hint - size
                    if at < last or data[at:hint] != name:
                        continue
                    match = _BANNER.match(data, at)
                    if match is not None:
                        last = match.end()
                        what = (
                            "openssl-version"
                            if match.group(1) == b"OpenSSL"
                            else "libressl-version"
                        )
                        value = bytes(match.group(2)).decode("ascii")
                        self.owner.banners.setdefault(
                            (self.name, value), BinaryEvidence(self.name, what, value)
                        )
        self.tail = (self.tail + bytes(view[-_BANNER_OVERLAP:]))[-_BANNER_OVERLAP:]

    def finish(self) -> BinaryFacts | None:
        if not self.decided:  # a member shorter than SNIFF_BYTES
            self._decide()
        if self.format is None:
            return None
        if self.format == LLVM_BITCODE:
            note = "LLVM bitcode stores no strings as bytes: its code cannot be recognised"
            return BinaryFacts(self.name, self.format, complete=False, note=note)
        assert self.matcher is not None
        if self.headers is None:
            matches = self.matcher.result()
            note = "a static archive: the strings of all its objects, no headers parsed"
            return BinaryFacts(self.name, self.format, matches=matches, note=note)
        info = self.headers.result()
        return BinaryFacts(
            self.name,
            self.format,
            architectures=info.architectures,
            needed=info.needed,
            matches=self.matcher.result(info.defined_symbols),
            complete=info.complete,
            note=info.error,
        )


class BinaryInspector:
    """Give it to `read_archive(..., inspect=)`; read `.facts` and `.evidence` afterwards."""

    def __init__(
        self,
        fingerprints: Iterable[Fingerprint] | None = None,
        *,
        prefix_cap: int = 8 << 20,
        max_headers: int = 10_000,
    ) -> None:
        self.patterns = Patterns(load_fingerprints() if fingerprints is None else fingerprints)
        self.prefix_cap = prefix_cap
        self.max_headers = max_headers  # the limit binary_headers
        self.banners: dict[tuple[str, str], BinaryEvidence] = {}
        self._facts: list[BinaryFacts] = []
        self._current: _Member | None = None

    def __call__(self, name: str, size: int) -> Callable[[bytes | memoryview], None] | None:
        self._finish()
        banner = _LEGACY_OPENSSL.fullmatch(name) is not None
        scan = size >= _MIN_BINARY and not _skipped(name)
        if not (scan or banner):
            return None
        self._current = _Member(self, name, size, scan, banner)
        return self._current.feed

    def _finish(self) -> None:
        if self._current is not None:
            current, self._current = self._current, None
            if current.scan:
                facts = current.finish()
                if facts is not None:
                    self._facts.append(facts)

    @property
    def facts(self) -> tuple[BinaryFacts, ...]:
        """What every binary showed, sorted by member."""
        self._finish()
        return tuple(sorted(self._facts, key=lambda f: f.member))

    @property
    def evidence(self) -> tuple[BinaryEvidence, ...]:
        """The OpenSSL / LibreSSL version strings: libcrypto itself first, then by member."""
        self._finish()
        return tuple(
            sorted(
                self.banners.values(),
                key=lambda e: ("libcrypto" not in e.member, e.member, e.value),
            )
        )
