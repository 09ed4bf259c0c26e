"""What PBS metadata says: PYTHON.json, asset names, the release."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from licscan.model.base import JSONValue, StrEnum


class LinkKind(StrEnum):
    """How an extension reaches a library, from a PYTHON.json link entry."""

    STATIC = "static"  # path_static: object code inside libpython / the extension
    DYNAMIC = "dynamic"  # path_dynamic: a shared library shipped in the archive
    SYSTEM = "system"  # system: true, taken from the operating system
    FRAMEWORK = "framework"  # an Apple framework, from the operating system
    UNSPECIFIED = "unspecified"  # a bare name (format 0/1 era)


@dataclass(frozen=True)
class Link:
    """A library an extension or the core links, as PYTHON.json names it."""

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
    """PYTHON.json's `build_info.core`: the interpreter's objects, links and libraries."""

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
    BUILD_FILE = "uv BUILD file"  # the installation's BUILD file, written by uv
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
