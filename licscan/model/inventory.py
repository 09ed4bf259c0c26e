"""The inventory: components, their licenses, license files and evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from licscan.model.archive import BinaryFacts, Container, Origin
from licscan.model.base import StrEnum
from licscan.model.pbs import AssetName, Flavor, LinkKind, PythonJson, ReleaseInfo


@dataclass(frozen=True)
class License:
    """A license as declared (ids as written) and normalized to one SPDX expression.

    `written is None`: nothing was declared (unknown, NOASSERTION); `()`: declared empty."""

    expression: str  # normalized SPDX expression, "NOASSERTION" or "NONE"
    written: tuple[str, ...] | None = None
    public_domain: bool = False
    invalid: tuple[str, ...] = ()  # written ids that are not SPDX (mapped to LicenseRef-)
    deprecated: tuple[tuple[str, str], ...] = ()  # (written id, current id)

    @property
    def known(self) -> bool:
        return self.expression not in ("NOASSERTION",)


UNKNOWN_LICENSE = License(expression="NOASSERTION")


class ComponentKind(StrEnum):
    INTERPRETER = "interpreter"  # CPython itself
    LIBRARY = "library"  # a third-party native library
    RUNTIME = "runtime"  # a C runtime or compiler runtime PBS does not annotate
    PYTHON_PACKAGE = "python-package"  # a distribution in site-packages


class Shipping(StrEnum):
    """Whether the archive carries the component's code."""

    BUNDLED = "bundled"  # in the installation (`install/`): what users run
    BUILD_ONLY = "build-only"  # only as object code under `build/` (full archives)
    SYSTEM = "system"  # taken from the operating system at run time: not distributed


class FileStatus(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    EMPTY = "empty"
    UNREADABLE = "unreadable"  # a link, too large, or not text


IDENTIFICATION_THRESHOLD = 75.0
"""Percent of a text the recognized licenses must cover before licscan says what the text is
(licenseclassifier's own default): a text that merely quotes a license is not that license."""


@dataclass(frozen=True)
class LicenseFile:
    """A license text: where PYTHON.json (or a dist-info) points, and what the archive has."""

    path: str  # as referenced, relative to python/ (e.g. "licenses/LICENSE.zlib.txt")
    member: str  # full member name (e.g. "python/licenses/LICENSE.zlib.txt")
    status: FileStatus
    sha256: str | None = None
    size: int | None = None
    detail: str = ""  # why unreadable, etc.
    identified: tuple[str, ...] = ()  # SPDX ids recognized in the text, in text order
    identified_whole: bool = False  # they cover the text (IDENTIFICATION_THRESHOLD): it is them


@dataclass(frozen=True)
class LinkUse:
    """One extension variant's link to a component."""

    extension: str
    variant: str
    link: str  # link name as written ("" when matched by license file only)
    kind: LinkKind
    path: str | None = None  # declared path_static / path_dynamic
    path_present: bool | None = None  # does the declared path exist in the archive?
    container: str | None = (
        None  # where the code ends up: extension shared_lib, or None = libpython
    )


@dataclass(frozen=True)
class MemberHash:
    """The SHA-256 of one member of the archive."""

    member: str
    sha256: str


@dataclass(frozen=True)
class Correction:
    """A known PBS metadata error and how licscan corrected it."""

    code: str  # e.g. "openssl-double-annotation"
    message: str
    declared: str
    concluded: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sighting:
    """A component's code seen in one binary of the archive, by its fingerprint."""

    member: str  # e.g. "python/install/lib/libpython3.9.so.1.0"
    family: str  # fingerprint id, e.g. "gnu-readline"
    version: str | None = None  # read from the code
    evidence: tuple[str, ...] = ()  # what matched, in words

    @property
    def installed(self) -> bool:
        """In the installation users run (not object code under a full archive's build/)."""
        return not self.member.startswith("python/build/")


class DisagreementKind(StrEnum):
    UNDECLARED_CODE = "undeclared-code"  # the code has a library nothing declares
    DECLARED_CODE_ABSENT = "declared-code-absent"  # declared, but its binaries lack its code
    VERSION_DIFFERS = "version-differs"  # the catalog's (or metadata's) version is not the code's
    CODE_CONTRADICTS = "code-contradicts"  # e.g. declared GNU readline, the code is libedit


@dataclass(frozen=True)
class Disagreement:
    """The metadata or the release catalog says one thing about a component, the code another."""

    kind: DisagreementKind
    component: str  # component key
    declared: str  # what the metadata / catalog says, in words, naming its source
    found: str  # what the code says, in words, naming the binary
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class DisputeSource:
    """One document behind a reading of a license: what it is, where, and what it says."""

    document: str
    says: str
    url: str = ""


@dataclass(frozen=True)
class LicenseReading:
    """One reading of a disputed license: the SPDX expression and the sources behind it."""

    expression: str
    basis: str  # in words, e.g. "the bundled license text"
    sources: tuple[DisputeSource, ...] = ()


@dataclass(frozen=True)
class LicenseDispute:
    """A component whose license is read two ways in public (data/disputes.json).

    `shipped` is the reading of the license text the archive carries; `other` the stricter
    reading a policy's `[disputes]` table may follow instead (the default)."""

    id: str  # e.g. "berkeley-db"
    component: str  # component key
    versions: tuple[str, ...]  # globs the component's version matches, e.g. "6.*"
    summary: str
    shipped: LicenseReading
    other: LicenseReading
    version_known: bool = True  # False: the component's version is unknown, so it may apply


@dataclass(frozen=True)
class Stripped:
    """What `licscan strip` removed from this distribution (python/LICSCAN-STRIPPED.json)."""

    member: str  # the manifest's member name
    removed: tuple[str, ...]  # member names removed, relative to the installation root
    extensions: tuple[str, ...]  # extension modules removed
    components: tuple[str, ...]  # component keys whose code went with them
    reasons: tuple[str, ...]  # why, in words


@dataclass(frozen=True)
class Component:
    """A piece of software in the distribution with its license."""

    key: str  # stable id: "cpython", "openssl-3", "zlib", "pypi/pip"
    name: str  # display name
    kind: ComponentKind
    shipping: Shipping
    declared: License  # as the archive declares it
    concluded: License  # after licscan's corrections (same as declared when none)
    version: str | None = None
    version_source: str = ""  # where the version came from, in words
    links: tuple[LinkUse, ...] = ()
    license_files: tuple[LicenseFile, ...] = ()
    hashes: tuple[MemberHash, ...] = ()
    corrections: tuple[Correction, ...] = ()
    notes: tuple[str, ...] = ()
    sightings: tuple[Sighting, ...] = ()  # where its code was seen in the binaries
    authors: tuple[str, ...] = ()  # Python packages: METADATA Author / Maintainer names
    disputes: tuple[LicenseDispute, ...] = ()  # the license is read two ways in public

    @property
    def used_by(self) -> tuple[str, ...]:
        return tuple(sorted({u.extension for u in self.links}))

    @property
    def link_kinds(self) -> tuple[LinkKind, ...]:
        return tuple(sorted({u.kind for u in self.links}, key=lambda k: k.value))


@dataclass(frozen=True)
class SystemLibrary:
    """A library or framework taken from the OS that no bundled component describes."""

    name: str
    kind: LinkKind  # SYSTEM or FRAMEWORK
    used_by: tuple[str, ...]


@dataclass(frozen=True)
class LicenseDirEntry:
    """A file in `python/licenses/` and who references it."""

    file: LicenseFile
    referenced_by: tuple[str, ...] = ()  # component keys (installed code)
    build_only_refs: tuple[str, ...] = ()  # "ext/variant" of variants only in build/

    @property
    def referenced(self) -> bool:
        return bool(self.referenced_by)


@dataclass(frozen=True)
class BinaryEvidence:
    """A fact read from a member's bytes (e.g. an OpenSSL version string)."""

    member: str
    what: str  # "openssl-version"
    value: str


@dataclass(frozen=True)
class BuildOnlyVariant:
    """An extension variant that exists only under build/ (e.g. readline `libedit`)."""

    extension: str
    variant: str
    license: License


@dataclass(frozen=True)
class ArchiveSummary:
    """The scanned input in brief: where it came from, its hash, size and member count."""

    source: str
    file_name: str
    container: Container
    sha256: str
    size: int
    member_count: int
    max_mtime: int | None
    root: str = "python"  # where the installation sits in the container ("" : the container)
    origin: Origin | None = None  # the image (and layers) or executable that held it

    @property
    def identity(self) -> str:
        """What serial numbers and namespaces derive from: the archive's SHA-256, plus the
        installation's root when it is not the archive's own (several in one container)."""
        return self.sha256 if self.root in ("python", "") else f"{self.sha256}/{self.root}"


@dataclass(frozen=True)
class Inventory:
    """Everything licscan knows about one distribution: the single source of truth
    for verdicts and reports."""

    archive: ArchiveSummary
    flavor: Flavor
    python_version: str | None
    target_triple: str | None
    build_options: str | None
    release: ReleaseInfo
    asset: AssetName | None
    metadata: PythonJson | None  # None for install_only archives
    components: tuple[Component, ...]
    system_libraries: tuple[SystemLibrary, ...] = ()
    license_dir: tuple[LicenseDirEntry, ...] = ()  # python/licenses/*, sorted
    license_texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    build_only_variants: tuple[BuildOnlyVariant, ...] = ()
    evidence: tuple[BinaryEvidence, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. "install_only archive: partial inventory"
    binaries: tuple[BinaryFacts, ...] = ()  # every binary read: format, arch, loads, code
    disagreements: tuple[Disagreement, ...] = ()  # metadata or catalog versus the code
    stripped: Stripped | None = None  # what `licscan strip` removed (its manifest)

    def component(self, key: str) -> Component | None:
        for c in self.components:
            if c.key == key:
                return c
        return None

    @property
    def unreferenced_license_files(self) -> tuple[LicenseDirEntry, ...]:
        return tuple(e for e in self.license_dir if not e.referenced)

    @property
    def partial(self) -> bool:
        return self.flavor is Flavor.INSTALL_ONLY
