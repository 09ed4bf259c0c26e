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

    def member(self, name: str) -> Member | None:
        for m in self.members:
            if m.name == name:
                return m
        return None

    @property
    def max_mtime(self) -> int | None:
        times = [m.mtime for m in self.members if m.mtime is not None]
        return max(times) if times else None
