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
    OCI_LAYOUT = "oci-layout"  # an OCI image layout folder (oci-layout, index.json, blobs/)
    OCI_ARCHIVE = "oci-archive"  # the same, as a tar file
    DOCKER_ARCHIVE = "docker-archive"  # what `docker save` writes (manifest.json, layers)
    EXECUTABLE = "executable"  # an ELF, Mach-O or PE file with an archive inside (PyApp)


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
    layer: int | None = None  # images: the layer (0: the base) its final version came from


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
class Layer:
    """One layer of a container image, as its manifest lists it."""

    index: int  # 0: the base layer, applied first
    digest: str  # "sha256:<hex>", checked when read
    media_type: str
    size: int  # bytes of the (compressed) layer blob


@dataclass(frozen=True)
class Origin:
    """What held the distribution when it was not given directly: a container image (the
    installation's files came from `layers`) or an executable (the archive at `offset`)."""

    kind: Container  # OCI_LAYOUT, OCI_ARCHIVE, DOCKER_ARCHIVE or EXECUTABLE
    name: str  # the image reference (or its manifest digest), or the executable's file name
    digest: str | None = None  # images: the manifest's "sha256:<hex>"
    platform: str | None = None  # images: "linux/amd64" (os/architecture[/variant])
    layers: tuple[Layer, ...] = ()  # images: every layer; for an installation, its own
    offset: int | None = None  # executables: where the embedded archive starts
    compression: str | None = None  # executables: "gzip" or "zstd"
    embedded_sha256: str | None = None  # executables: of the embedded (compressed) bytes

    def describe(self) -> str:
        """One line for reports: what held the installation and where in it."""
        if self.kind is Container.EXECUTABLE:
            return (
                f"executable {self.name}: a {self.compression} archive embedded at offset "
                f"{self.offset:,}"
            )
        where = ", ".join(f"{layer.index} ({layer.digest[:19]})" for layer in self.layers)
        platform = f" for {self.platform}" if self.platform else ""
        return f"{self.kind} image {self.name}{platform}; files from layer {where or '(none)'}"


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
    # what held the distribution: an image (with its layers) or an executable; None otherwise
    origin: Origin | None = None

    def member(self, name: str) -> Member | None:
        for m in self.members:
            if m.name == name:
                return m
        return None

    @property
    def max_mtime(self) -> int | None:
        times = [m.mtime for m in self.members if m.mtime is not None]
        return max(times) if times else None
