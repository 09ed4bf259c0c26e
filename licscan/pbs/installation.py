"""What an installation says about its own build without PYTHON.json (pbs-spec.md 1.3a).

* `include/python3.X/patchlevel.h` (Windows `include/patchlevel.h`): the exact CPython version.
* `BUILD` at the installation's root: the PBS release, written by uv for managed installations.
* `lib/python3.X/_sysconfigdata_*.py`: the build's Makefile variables as one dict literal, read
  with `ast.literal_eval` (never imported or run): configure flags and the link flags of the
  modules built into the interpreter (`-lreadline` versus `-ledit`, `-lgdbm`, `-ldb`).

It is what the build was configured with, not proof of the code: binaries stay the final
witness; this is the next best when the code is stripped, absent or unreadable.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass

from licscan.model import ArchiveContents

_PATCHLEVEL = re.compile(r"python/(?:install/)?include/(?:python3[^/]*/)?patchlevel\.h")
_PY_VERSION = re.compile(rb'#\s*define\s+PY_VERSION\s+"(3\.\d+\.\d+(?:(?:a|b|rc)\d+)?)\+?"')
_SYSCONFIGDATA = re.compile(r"python/(?:install/)?lib/python3[^/]*/_sysconfigdata_[^/]*\.py")
_BUILD_FILE = "python/BUILD"
_RELEASE = re.compile(r"\s*(\d{8})\s*")
_LIB_FLAG = re.compile(r"(?<![\w-])-l([A-Za-z0-9_.+-]+)")
_MAX_SYSCONFIG = 4 * 2**20  # a real _sysconfigdata is 20-80 KiB


def python_version(contents: ArchiveContents) -> tuple[str, str] | None:
    """(CPython version, the member that says it), from patchlevel.h."""
    for name in sorted(contents.kept):
        if _PATCHLEVEL.fullmatch(name):
            match = _PY_VERSION.search(contents.kept[name])
            if match:
                return match.group(1).decode("ascii"), name
    return None


def build_release(contents: ArchiveContents) -> str | None:
    """The PBS release tag uv wrote into the installation's `BUILD` file, if any."""
    data = contents.kept.get(_BUILD_FILE)
    if data is None:
        return None
    match = _RELEASE.fullmatch(data.decode("ascii", "replace"))
    return match.group(1) if match else None


@dataclass(frozen=True)
class BuildConfig:
    """The licensing-relevant variables of one `_sysconfigdata_*.py`."""

    member: str
    variables: Mapping[str, str]

    @property
    def config_args(self) -> str:
        return self.variables.get("CONFIG_ARGS", "")

    @property
    def pbs_build(self) -> bool:
        """Configured by PBS's build scripts: its `/install` prefix or its `/tools/deps`."""
        args = self.config_args
        return "/tools/deps" in args or "'--prefix=/install'" in args

    @property
    def libraries(self) -> frozenset[str]:
        """Libraries linked into the interpreter's built-in modules (`-lreadline` -> readline)."""
        flags = " ".join(self.variables.get(k, "") for k in ("MODLIBS", "LOCALMODLIBS", "LIBS"))
        return frozenset(_LIB_FLAG.findall(flags))

    @property
    def disabled_modules(self) -> frozenset[str]:
        return frozenset(self.variables.get("MODDISABLED_NAMES", "").split())

    @property
    def built_modules(self) -> frozenset[str]:
        return frozenset(self.variables.get("MODBUILT_NAMES", "").split())

    @property
    def triple(self) -> str | None:
        """The target as PBS names it, from HOST_GNU_TYPE / MULTIARCH."""
        return _triple(self.variables.get("HOST_GNU_TYPE", ""), self.variables.get("MULTIARCH", ""))


def build_config(contents: ArchiveContents) -> BuildConfig | None:
    """The first readable `_sysconfigdata_*.py` of the installation, or None."""
    for name in sorted(contents.kept):
        if _SYSCONFIGDATA.fullmatch(name) and len(contents.kept[name]) <= _MAX_SYSCONFIG:
            variables = _build_time_vars(contents.kept[name])
            if variables is not None:
                return BuildConfig(name, variables)
    return None


def _build_time_vars(data: bytes) -> dict[str, str] | None:
    try:
        tree = ast.parse(data.decode("utf-8", "replace"))
    except (SyntaxError, ValueError, RecursionError):
        return None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "build_time_vars" for t in node.targets)
            and isinstance(node.value, ast.Dict)
        ):
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, RecursionError, TypeError, MemoryError):
                return None
            return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None
    return None


def _triple(host: str, multiarch: str) -> str | None:
    arch = (host or multiarch).split("-", 1)[0]
    text = f"{host} {multiarch}".lower()
    if not arch:
        return None
    if "darwin" in text:
        return f"{'aarch64' if arch in ('arm64', 'aarch64') else arch}-apple-darwin"
    if "linux" in text:
        if "musl" in text:
            return f"{arch}-unknown-linux-musl"
        if "gnueabihf" in text:
            return f"{arch}-unknown-linux-gnueabihf"
        if "gnueabi" in text:
            return f"{arch}-unknown-linux-gnueabi"
        return f"{arch}-unknown-linux-gnu"
    return None
