"""Find the Python installations in what was read, at any depth, and give each its own view.

A container may be a PBS archive (`python/PYTHON.json`, `python/install/`), an install_only
archive (`python/bin`, `python/lib`), an unpacked installation (uv's folders) or something that
holds one or more installations deeper inside (an app bundle). An installation is found by its
layout alone:

* a PBS full distribution: `R/PYTHON.json` (or the 2019 `R/LICENSE.rst`) beside `R/install/`;
* a Unix installation: `R/bin/python3[.X][t]` and `R/lib/python3.X[t]/`;
* a Windows installation: `R/python.exe`, `R/Lib/` and `R/DLLs/` (or `R/python3X.dll`).

Installations inside another one (a full archive's `install/`, a virtual environment, which has
`pyvenv.cfg` and no interpreter of its own) are not reported separately. Each installation's
members are renamed under `python/` (its root becomes `python/`), the layout every later stage
reads, and `ArchiveContents.root` says where it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from types import MappingProxyType

from licscan.errors import ArchiveError
from licscan.model import ArchiveContents, BinaryEvidence, Member, MemberKind

_UNIX_EXE = re.compile(r"(?:(?P<root>.+)/)?bin/python3(?:\.\d+)?t?")
_UNIX_STDLIB = re.compile(r"(?:(?P<root>.+)/)?lib/python3\.\d+t?/.+")
_WINDOWS_EXE = re.compile(r"(?:(?P<root>.+)/)?python\.exe")
_FULL_MARK = re.compile(r"(?:(?P<root>.+)/)?(?:PYTHON\.json|LICENSE\.rst)")


def _roots(pattern: re.Pattern[str], names: Iterable[str], needle: str) -> set[str]:
    """The roots of the names `pattern` matches (`needle`: a substring each of them has)."""
    found = set()
    for name in names:
        if needle in name:
            match = pattern.fullmatch(name)
            if match:
                found.add(match.group("root") or "")
    return found


def _under(root: str) -> str:
    return f"{root}/" if root else ""


def find_roots(members: Iterable[Member]) -> list[str]:
    """Installation roots ("" for the container itself), sorted, none inside another."""
    names = [m.name for m in members]
    dirs = _folders(names)
    marks = [n for n in names if n.endswith(("PYTHON.json", "LICENSE.rst"))]
    full = {r for r in _roots(_FULL_MARK, marks, "") if f"{_under(r)}install" in dirs}
    unix = _roots(_UNIX_EXE, names, "bin/python3")
    if unix:
        unix &= _roots(_UNIX_STDLIB, names, "lib/python3.")
    windows = {
        r
        for r in _roots(_WINDOWS_EXE, names, "python.exe")
        if f"{_under(r)}Lib" in dirs
        and (f"{_under(r)}DLLs" in dirs or any(_is_core_dll(n, r) for n in names))
    }
    configs = {n for n in names if n.endswith("pyvenv.cfg")}
    venvs = {r for r in unix | windows if f"{_under(r)}pyvenv.cfg" in configs}
    for root in unix | windows:  # a full archive that lost its PYTHON.json: still full
        parent = root.rpartition("/")[0] if "/" in root else ""
        if (
            root.endswith("install")
            and {f"{_under(parent)}build", f"{_under(parent)}licenses"} & dirs
        ):
            full.add(parent)
    candidates = sorted(full | ((unix | windows) - venvs), key=lambda r: (r.count("/"), r))
    roots: list[str] = []
    for root in candidates:
        if not any(_inside(root, outer) for outer in roots):
            roots.append(root)
    return sorted(roots)


def _folders(names: Iterable[str]) -> set[str]:
    """Every folder above every name: each name's parents are added from the deepest up, and
    a folder already there has all of its own (one `rfind` and one set lookup per folder)."""
    dirs: set[str] = set()
    for name in names:
        end = name.rfind("/")
        while end >= 0:
            folder = name[:end]
            if folder in dirs:
                break
            dirs.add(folder)
            end = name.rfind("/", 0, end)
    return dirs


def _is_core_dll(name: str, root: str) -> bool:
    base = name.removeprefix(_under(root))
    return "/" not in base and re.fullmatch(r"python3\d+t?\.dll", base, re.IGNORECASE) is not None


def _inside(root: str, outer: str) -> bool:
    return (outer == "" and root != "") or root.startswith(f"{outer}/")


def installations(contents: ArchiveContents) -> list[ArchiveContents]:
    """One view per installation, its members renamed under `python/`, in root order."""
    roots = find_roots(contents.members)
    venvs = sorted(m.name for m in contents.members if m.name.rpartition("/")[2] == "pyvenv.cfg")
    if not roots and venvs:
        raise ArchiveError(
            f"{contents.source} holds a virtual environment ({venvs[0].rpartition('/')[0] or '.'})"
            " and no Python installation: a venv has no Python of its own; scan the "
            "installation its pyvenv.cfg names as home (e.g. uv's cpython-3.X.Y-... folder)"
        )
    if not roots:
        raise ArchiveError(
            f"{contents.source} holds no Python installation: found no PYTHON.json beside an "
            "install/ folder, no bin/python3.X with lib/python3.X/, and no python.exe with "
            "Lib/ and DLLs/. Give a python-build-standalone archive, an unpacked installation "
            "or a folder that contains one."
        )
    return [rebase(contents, root) for root in roots]


def renamed(name: str, root: str) -> str | None:
    """`name` under `python/` when it is inside the installation at `root`, else None."""
    prefix = _under(root)
    if not name.startswith(prefix) or name == root:
        return None
    return "python/" + name[len(prefix) :]


def rebase_evidence(evidence: Iterable[BinaryEvidence], root: str) -> tuple[BinaryEvidence, ...]:
    """The evidence read from members of the installation at `root`, renamed like them."""
    return tuple(
        replace(e, member=name) for e in evidence if (name := renamed(e.member, root)) is not None
    )


def rebase(contents: ArchiveContents, root: str) -> ArchiveContents:
    """The members under `root`, renamed so that `root` is `python/`."""

    members = []
    for member in contents.members:
        name = renamed(member.name, root)
        if name is not None and not (member.kind is MemberKind.DIRECTORY and name == "python/"):
            members.append(member if name == member.name else replace(member, name=name))
    kept = {n: data for old, data in contents.kept.items() if (n := renamed(old, root)) is not None}
    not_kept = {
        n: why for old, why in contents.not_kept.items() if (n := renamed(old, root)) is not None
    }
    binaries = tuple(
        replace(b, member=name)
        for b in contents.binaries
        if (name := renamed(b.member, root)) is not None
    )
    origin = contents.origin
    if origin is not None and origin.layers:
        used = {m.layer for m in members if m.kind is not MemberKind.DIRECTORY}
        origin = replace(origin, layers=tuple(la for la in origin.layers if la.index in used))
    return replace(
        contents,
        root=root,
        origin=origin,
        binaries=binaries,
        members=tuple(members),
        kept=MappingProxyType(kept),
        not_kept=MappingProxyType(not_kept),
    )
