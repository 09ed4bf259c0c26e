"""What the reader gives: the container, its members and what it kept of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from licscan.model.base import StrEnum


class Container(StrEnum):
    """How the distribution was packed."""

    ZSTD_TAR = "tar.zst"
    GZIP_TAR = "tar.gz"
    TAR = "tar"
    DIRECTORY = "directory"


class MemberKind(StrEnum):
    FILE = "file"
    DIRECTORY = "directory"
    SYMLINK = "symlink"
    HARDLINK = "hardlink"
    OTHER = "other"


@dataclass(frozen=True)
class Member:
    """One archive member: its normalized name, size and digest (after discovery, every name starts
    `python/`)."""

    name: str
    size: int
    kind: MemberKind = MemberKind.FILE
    link_target: str | None = None
    sha256: str | None = None  # files only
    mtime: int | None = None


@dataclass(frozen=True)
class CodeMatch:
    """A library family whose code a binary contains, by its fingerprint in data/."""

    family: str  # fingerprint id: "gnu-readline", "libedit", "openssl-3", "sqlite", ...
    version: str | None = None  # read from the code; None when the code does not say
    evidence: tuple[str, ...] = ()  # what matched, in words: 'string "~/.inputrc"', 'symbol x'


@dataclass(frozen=True)
class BinaryFacts:
    """What one executable, shared library, extension module or static archive shows."""

    member: str
    format: str  # "elf", "mach-o", "mach-o-universal", "pe", "ar"
    architectures: tuple[str, ...] = ()  # ("x86_64",); both slices of a universal binary
    needed: tuple[str, ...] = ()  # DT_NEEDED / LC_LOAD_DYLIB / PE imports, in file order
    matches: tuple[CodeMatch, ...] = ()  # sorted by family
    complete: bool = True  # False: the headers could not be read in full (truncated, capped)
    note: str = ""  # why incomplete, etc.

    def match(self, family: str) -> CodeMatch | None:
        return next((m for m in self.matches if m.family == family), None)


@dataclass(frozen=True)
class ArchiveContents:
    """What one streaming pass over an archive keeps: every member's name/size/hash,
    and the bytes of the few members later stages read (PYTHON.json, license texts,
    dist-info metadata)."""

    source: str  # the path as given
    file_name: str  # base name, used to parse the release asset name
    container: Container
    sha256: str  # of the archive file; for a directory, of its sorted contents
    size: int  # bytes of the archive file (sum of file sizes for a directory)
    members: tuple[Member, ...]  # archive order
    kept: Mapping[str, bytes] = field(default_factory=lambda: MappingProxyType({}))
    # members the reader wanted to keep but did not, with the reason (too large, a link...)
    not_kept: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # where the installation sits in the container ("python" for PBS archives, "" for the
    # container itself); its members are renamed under `python/` (licscan.read.discover)
    root: str = "python"
    # what the binaries showed on the way (licscan.read.binary), sorted by member
    binaries: tuple[BinaryFacts, ...] = ()

    def member(self, name: str) -> Member | None:
        for m in self.members:
            if m.name == name:
                return m
        return None

    @property
    def max_mtime(self) -> int | None:
        times = [m.mtime for m in self.members if m.mtime is not None]
        return max(times) if times else None
