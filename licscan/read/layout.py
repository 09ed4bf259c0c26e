"""Where things are in a PBS archive: flavor, the members worth keeping, install root."""

from __future__ import annotations

import re
from collections.abc import Iterable

from licscan.errors import ArchiveError
from licscan.model import Flavor, Member, MemberKind

PYTHON_JSON = "python/PYTHON.json"
LICENSE_DIR = "python/licenses/"
LEGACY_LICENSE_RST = "python/LICENSE.rst"  # format 0/1 (2019) archives
STRIP_MANIFEST = "python/LICSCAN-STRIPPED.json"  # written by `licscan strip`

_INSTALL = r"python/(?:install/)?"
_STDLIB = r"(?:lib/python3[^/]*|Lib)"
_DIST_INFO_FILE = r"(?:METADATA|(?:LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*|licenses/.+)"
_SITE = _INSTALL + _STDLIB + r"/site-packages/"
# pip's vendored packages: vendor.txt and license texts beside them (pip 25.3+, older `.LICENSE`)
_PIP_VENDOR = _SITE + r"pip/_vendor/"
_PIP_VENDOR_TXT = re.compile(_PIP_VENDOR + r"vendor\.txt")
_ENSUREPIP_WHEEL = re.compile(_INSTALL + _STDLIB + r"/ensurepip/_bundled/[^/]+\.whl")
_ANY = r"(?:.*/)?"  # kept members are recognized at any depth: discovery finds the roots later
_ANY_VENDOR = _ANY + r"site-packages/pip/_vendor/"
_KEEP = re.compile(
    "|".join(
        [
            _ANY + r"PYTHON\.json",
            _ANY + r"LICENSE\.rst",
            r"(?:(?:.*/)?python/)?licenses/[^/]+",
            _ANY + r"LICENSE\.txt",
            _ANY + r"site-packages/[^/]+\.dist-info/" + _DIST_INFO_FILE,
            _ANY + r"(?:lib|tcl)/t(?:cl|k)[0-9.]+/license\.terms",
            _ANY + r"LICSCAN-STRIPPED\.json",  # what `licscan strip` removed
            _ANY + r"BUILD",  # uv: the PBS release of a managed installation
            _ANY + r"include/(?:python3[^/]*/)?patchlevel\.h",  # the exact CPython version
            _ANY + r"lib/python3[^/]*/_sysconfigdata_[^/]*\.py",  # the build's configuration
            _ANY_VENDOR + r"vendor\.txt",
            _ANY_VENDOR + r"[^/]+/(?:LICEN[CS]E|COPYING|NOTICE)[^/]*",
            _ANY_VENDOR + r"[^/]+\.LICEN[CS]E[^/]*",
            _ANY + _STDLIB + r"/ensurepip/_bundled/[^/]+\.whl",
        ]
    )
)
_DIST_INFO = re.compile(
    r"(?P<root>" + _INSTALL + _STDLIB + r"/site-packages/)(?P<dir>[^/]+\.dist-info)/"
)


_NOT_LICENSE_TEXT = re.compile(
    _ANY
    + r"(?:PYTHON\.json|LICSCAN-STRIPPED\.json|METADATA|BUILD|patchlevel\.h"
    + r"|_sysconfigdata_[^/]*\.py|vendor\.txt|[^/]+\.whl)"
)


def is_license_text(name: str) -> bool:
    """A kept member that is a license text (not metadata or build facts kept beside them)."""
    return keep(name) and _NOT_LICENSE_TEXT.fullmatch(name) is None


_CODE = re.compile(
    r"(?:.*/)?(?:bin/[^/]+|[^/]+\.(?:so(?:\.[0-9.]+)?|dylib|dll|pyd|exe|a|lib|whl|jar))"
)


# Necessary conditions of _KEEP and _CODE, tested on the base name (plain string tests, about
# ten times cheaper than the regexes, which then decide the few names that pass): every
# alternative of _KEEP ends in one of these base names or prefixes, has `.LICEN` or `.whl` in
# its base name, or `licenses/` in its path; every alternative of _CODE has `bin/` in its path
# or one of these extensions (`.so` also starts `.so.1.2`) in its base name.
_KEEP_BASES = frozenset(
    ("PYTHON.json", "LICSCAN-STRIPPED.json", "BUILD", "METADATA", "patchlevel.h", "vendor.txt",
     "license.terms")
)  # fmt: skip
_KEEP_STARTS = ("LICEN", "COPYING", "NOTICE", "AUTHORS", "_sysconfigdata_")
_CODE_ENDS = (".dylib", ".dll", ".pyd", ".exe", ".a", ".lib", ".whl", ".jar")


def _may_keep(name: str, base: str) -> bool:
    return (
        base in _KEEP_BASES
        or base.startswith(_KEEP_STARTS)
        or ".LICEN" in base
        or base.endswith(".whl")
        or "licenses/" in name
    )


def hashed(name: str) -> bool:
    """Members whose SHA-256 a report may cite: code (executables, shared and static
    libraries, extension modules, wheels) and what is kept (metadata, license texts)."""
    base = name[name.rfind("/") + 1 :]
    if ("bin/" in name or ".so" in base or base.endswith(_CODE_ENDS)) and _CODE.fullmatch(name):
        return True
    return keep(name)


def keep(name: str) -> bool:
    """The members later stages read: metadata, license texts, dist-info metadata, pip's
    vendor.txt and the ensurepip wheels (read as zips by the inventory)."""
    return _may_keep(name, name[name.rfind("/") + 1 :]) and _KEEP.fullmatch(name) is not None


def is_pip_vendor_txt(name: str) -> bool:
    """`.../site-packages/pip/_vendor/vendor.txt`: the packages pip vendors."""
    return _PIP_VENDOR_TXT.fullmatch(name) is not None


def is_ensurepip_wheel(name: str) -> bool:
    """`.../ensurepip/_bundled/*.whl` (Unix `lib/python3.X/`, Windows `Lib/`)."""
    return _ENSUREPIP_WHEEL.fullmatch(name) is not None


def relative(name: str) -> str:
    """A member name relative to `python/`, as PYTHON.json paths are written."""
    return name.removeprefix("python/")


def detect_flavor(members: Iterable[Member]) -> Flavor:
    """Full archives have `python/PYTHON.json` or `python/install/`; install_only ones neither."""
    names = [m.name for m in members if m.kind is not MemberKind.DIRECTORY]
    if not names:
        raise ArchiveError("the archive is empty: expected a python-build-standalone distribution")
    outside = next((n for n in names if not n.startswith("python/")), None)
    if outside is not None:
        raise ArchiveError(
            f"member {outside!r} is outside python/: this is not a python-build-standalone "
            "distribution (all its members start with python/)"
        )
    if PYTHON_JSON in names or LEGACY_LICENSE_RST in names:
        return Flavor.FULL
    if any(n.startswith("python/install/") for n in names):
        return Flavor.FULL  # full archive whose PYTHON.json is missing: reported by the caller
    return Flavor.INSTALL_ONLY


def install_prefix(flavor: Flavor) -> str:
    """Member prefix of the installation: `python/install/` (full) or `python/` (install_only)."""
    return "python/install/" if flavor is Flavor.FULL else "python/"


def dist_info_dirs(names: Iterable[str]) -> list[str]:
    """Sorted `.../site-packages/<name>-<version>.dist-info/` member prefixes."""
    found = set()
    for name in names:
        match = _DIST_INFO.match(name)
        if match:
            found.add(match.group("root") + match.group("dir") + "/")
    return sorted(found)
