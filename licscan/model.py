"""The typed model passed between the pipeline's stages.

read (archive.py) -> parse (distribution.py, release.py) -> inventory (inventory.py)
-> judge (verdicts.py, policy.py) -> render (render/).  Every stage takes and returns these
frozen dataclasses; no stage reaches back into an earlier one.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Union

# A JSON value kept verbatim (unknown PYTHON.json keys).
JSONValue = Union[str, int, float, bool, None, list["JSONValue"], dict[str, "JSONValue"]]  # noqa: UP007 (runtime alias on 3.10)


class StrEnum(str, enum.Enum):
    """A string-valued enum that renders as its value (Python 3.10 has no enum.StrEnum)."""

    def __str__(self) -> str:
        return str(self.value)


# --------------------------------------------------------------------------- read


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
    """One archive member: its normalized name (always starting `python/`), size and digest."""

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

    def member(self, name: str) -> Member | None:
        for m in self.members:
            if m.name == name:
                return m
        return None

    @property
    def max_mtime(self) -> int | None:
        times = [m.mtime for m in self.members if m.mtime is not None]
        return max(times) if times else None


# --------------------------------------------------------------------------- parse


class LinkKind(StrEnum):
    """How an extension reaches a library, from a PYTHON.json link entry."""

    STATIC = "static"  # path_static: object code inside libpython / the extension
    DYNAMIC = "dynamic"  # path_dynamic: a shared library shipped in the archive
    SYSTEM = "system"  # system: true, taken from the operating system
    FRAMEWORK = "framework"  # an Apple framework, from the operating system
    UNSPECIFIED = "unspecified"  # a bare name (format 0/1 era)


@dataclass(frozen=True)
class Link:
    name: str
    kind: LinkKind
    path: str | None = None  # path_static or path_dynamic, relative to python/
    extra: Mapping[str, JSONValue] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def shipped(self) -> bool:
        """True when the archive itself carries the library's code."""
        return self.kind in (LinkKind.STATIC, LinkKind.DYNAMIC)


@dataclass(frozen=True)
class ExtensionVariant:
    """One variant entry of `build_info.extensions[name]`.

    License keys keep PBS semantics: `licenses is None` means the key was absent
    (unknown), `()` means an empty list (no known license)."""

    extension: str
    variant: str = "default"
    in_core: bool = False
    required: bool = False
    init_fn: str | None = None
    links: tuple[Link, ...] = ()
    objs: tuple[str, ...] = ()
    static_lib: str | None = None
    shared_lib: str | None = None
    licenses: tuple[str, ...] | None = None
    license_paths: tuple[str, ...] | None = None
    license_public_domain: bool | None = None  # JSON null and absent are both None
    extra: Mapping[str, JSONValue] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def installed(self) -> bool:
        """Only the `default` variant is in `install/`; others live in `build/` only."""
        return self.variant == "default"


@dataclass(frozen=True)
class Core:
    objs: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    shared_lib: str | None = None
    static_lib: str | None = None


@dataclass(frozen=True)
class PythonJson:
    """PYTHON.json of any format version 0-8, leniently parsed."""

    format_version: str
    python_version: str
    target_triple: str | None  # format 5+; None before (see os / arch)
    os: str | None = None  # formats 0-4
    arch: str | None = None  # formats 0-4
    build_options: str | None = None  # format 8
    optimizations: str | None = None  # format 5-8
    libpython_link_mode: str | None = None  # `link_mode` in format 4
    crt_features: tuple[str, ...] = ()
    python_tag: str | None = None
    python_platform_tag: str | None = None
    licenses: tuple[str, ...] | None = None  # CPython's own ids; None: key absent
    license_path: str | None = None
    tcl_library_path: str | None = None
    tcl_library_paths: tuple[str, ...] | None = None
    python_paths: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    core: Core = field(default_factory=Core)
    extensions: tuple[ExtensionVariant, ...] = ()  # sorted by (extension, file order)
    unknown_keys: Mapping[str, JSONValue] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def options(self) -> str | None:
        """The build options string of any era (`build_options`, else `optimizations`)."""
        return self.build_options or self.optimizations

    def variants(self, extension: str) -> tuple[ExtensionVariant, ...]:
        return tuple(v for v in self.extensions if v.extension == extension)

    @property
    def installed_extensions(self) -> tuple[ExtensionVariant, ...]:
        return tuple(v for v in self.extensions if v.installed)


class Flavor(StrEnum):
    FULL = "full"  # python/PYTHON.json + install/ + build/ + licenses/
    INSTALL_ONLY = "install_only"  # only the installation, no metadata


@dataclass(frozen=True)
class AssetName:
    """What a PBS release asset file name says (every naming era since 2019)."""

    file_name: str
    python_version: str
    triple: str  # as written: `x86_64-unknown-linux-gnu`, old `linux64`, `windows-amd64`
    build_options: str | None  # `pgo+lto`, `freethreaded+debug`, `shared-pgo`, ...
    flavor: str  # "full", "install_only", "install_only_stripped"
    release: str | None  # YYYYMMDD release tag, from `+TAG` or the `-YYYYMMDDTHHMM` stamp
    build_stamp: str | None = None  # YYYYMMDDTHHMM of the older naming eras
    freethreaded: bool = False


class ReleaseSource(StrEnum):
    FILE_NAME = "file name"
    CONTENTS = "contents"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ReleaseInfo:
    """Which PBS release produced the archive: exact when the file name says, else a window."""

    source: ReleaseSource
    tag: str | None = None  # exact YYYYMMDD release, when known
    earliest: str | None = None  # window of candidate releases when inferred
    latest: str | None = None
    detail: str = ""  # how it was decided, in words

    @property
    def known(self) -> bool:
        return self.tag is not None or self.earliest is not None

    @property
    def window(self) -> tuple[str, str] | None:
        """(earliest, latest) candidate releases: (tag, tag) when exact, None when unknown."""
        if self.tag:
            return self.tag, self.tag
        if self.earliest and self.latest:
            return self.earliest, self.latest
        return None

    @property
    def newest(self) -> str | None:
        """The release whose facts apply: the exact tag, else the newest candidate."""
        return self.tag or self.latest


# --------------------------------------------------------------------------- inventory


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


@dataclass(frozen=True)
class LicenseFile:
    """A license text: where PYTHON.json (or a dist-info) points, and what the archive has."""

    path: str  # as referenced, relative to python/ (e.g. "licenses/LICENSE.zlib.txt")
    member: str  # full member name (e.g. "python/licenses/LICENSE.zlib.txt")
    status: FileStatus
    sha256: str | None = None
    size: int | None = None
    detail: str = ""  # why unreadable, etc.


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
    source: str
    file_name: str
    container: Container
    sha256: str
    size: int
    member_count: int
    max_mtime: int | None


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


# --------------------------------------------------------------------------- judge


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Waiver:
    component: str
    finding: str
    reason: str
    expires: str | None = None  # ISO date


@dataclass(frozen=True)
class Finding:
    """One verdict with the evidence behind it and what to do."""

    id: str  # stable kind, e.g. "gpl-in-interpreter"
    severity: Severity
    component: str | None  # component key, or None for distribution-wide findings
    message: str
    evidence: tuple[str, ...] = ()
    remedy: str = ""
    license: str | None = None  # the SPDX expression involved, if any
    waiver: Waiver | None = None  # set when a policy waiver covers it
    violates_policy: bool = False  # set by the policy stage


@dataclass(frozen=True)
class Verdict:
    """The outcome of judging an inventory against a policy."""

    findings: tuple[Finding, ...]
    policy_name: str = "default"
    expired_waivers: tuple[Waiver, ...] = ()

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.violates_policy and f.waiver is None)

    @property
    def passed(self) -> bool:
        return not self.violations

    @property
    def status(self) -> str:
        """ "fails policy", "needs review" or "pass" (the HTML banner)."""
        if self.violations:
            return "fails policy"
        if any(f.severity is not Severity.INFO and f.waiver is None for f in self.findings):
            return "needs review"
        return "pass"


@dataclass(frozen=True)
class Report:
    """What renderers take: the inventory and its verdict."""

    inventory: Inventory
    verdict: Verdict
