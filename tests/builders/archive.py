"""ArchiveSpec (what goes in an archive), its install_only conversion, and writing it.

Writing follows PBS `normalize_tar_archive` (spec 1.2): `python/PYTHON.json` first, every
other member sorted by name, no directory entries, mtime 1704067200, uid/gid 0.
"""

from __future__ import annotations

import copy
import gzip
import io
import json
import os
import random
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

import zstandard

PYTHON_JSON = "python/PYTHON.json"
DEFAULT_MTIME = 1704067200

Container = Literal["zst", "gz", "tar", "dir"]
Order = Literal["pbs", "shuffled", "given"]

# Extensions whose shared_lib install_only drops since 20260324 (spec 1.3).
INSTALL_ONLY_DROP_EXTENSIONS = [
    "_ctypes_test",
    "_testbuffer",
    "_testcapi",
    "_testexternalinspection",
    "_testimportmultiple",
    "_testinternalcapi",
    "_testlimitedcapi",
    "_testmultiphase",
    "_testsinglephase",
]


def dump_python_json(data: dict[str, Any]) -> bytes:
    """Serialize like PBS: `json.dump(..., sort_keys=True, indent=4)`."""
    return json.dumps(data, sort_keys=True, indent=4).encode()


@dataclass
class ArchiveSpec:
    """What to put in an archive.

    `python_json`: a dict (serialized like PBS), exact bytes, or None for no PYTHON.json.
    `members`: path (normally starting `python/`) -> content. `symlinks`: path -> target.
    Names are not validated, so hostile names can be tested."""

    python_json: dict[str, Any] | bytes | None
    members: dict[str, bytes] = field(default_factory=dict)
    symlinks: dict[str, str] = field(default_factory=dict)

    def json_bytes(self) -> bytes | None:
        if self.python_json is None or isinstance(self.python_json, bytes):
            return self.python_json
        return dump_python_json(self.python_json)

    def json_dict(self) -> dict[str, Any] | None:
        """PYTHON.json parsed (None when absent or not a JSON object)."""
        if isinstance(self.python_json, dict):
            return self.python_json
        raw = self.json_bytes()
        try:
            parsed = json.loads(raw) if raw is not None else None
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None

    def files(self) -> dict[str, bytes]:
        """Every regular file, PYTHON.json included."""
        raw = self.json_bytes()
        if raw is not None and PYTHON_JSON in self.members:
            raise ValueError("PYTHON.json given twice: in python_json and in members")
        return {PYTHON_JSON: raw, **self.members} if raw is not None else dict(self.members)

    def names(self) -> set[str]:
        return set(self.files()) | set(self.symlinks)

    def copy(self) -> ArchiveSpec:
        return copy.deepcopy(self)


def to_install_only(spec: ArchiveSpec, *, release: str | None = None) -> ArchiveSpec:
    """Convert a full spec the way `src/release.rs::convert_to_install_only` does (spec 1.3).

    Keeps `python/install/*` renamed to `python/*`; drops PYTHON.json, build/ and licenses/.
    Rules added later apply from their first release (`release=None`: all of them):
    `libpython*.a` and stdlib test packages (20220802), test-extension shared libs (20260324)."""
    info = spec.json_dict() or {}
    dropped: set[str] = set()
    prefixes: list[str] = []
    if release is None or release >= "20220802":
        stdlib = info.get("python_paths", {}).get("stdlib")
        if stdlib:
            for package in info.get("python_stdlib_test_packages", []):
                prefixes.append(f"python/{stdlib}/{package.replace('.', '/')}/")
    if release is None or release >= "20260324":
        for name in INSTALL_ONLY_DROP_EXTENSIONS:
            for variant in info.get("build_info", {}).get("extensions", {}).get(name, []):
                if variant.get("shared_lib"):
                    dropped.add(f"python/{variant['shared_lib']}")
    drop_static_libpython = release is None or release >= "20220802"

    def keep(name: str) -> bool:
        base = PurePosixPath(name).name
        if not name.startswith("python/install/") or name in dropped:
            return False
        if drop_static_libpython and base.startswith("libpython") and base.endswith(".a"):
            return False
        return not any(name.startswith(p) for p in prefixes)

    def rename(name: str) -> str:
        return "python/" + name[len("python/install/") :]

    return ArchiveSpec(
        python_json=None,
        members={rename(n): data for n, data in spec.members.items() if keep(n)},
        symlinks={rename(n): t for n, t in spec.symlinks.items() if keep(n)},
    )


def ordered_names(spec: ArchiveSpec, order: Order = "pbs", seed: int = 0) -> list[str]:
    """Member names in the order write_archive uses."""
    files, links = spec.files(), spec.symlinks
    names = [*files, *(n for n in links if n not in files)]
    if order == "given":
        return names
    if order == "shuffled":
        random.Random(seed).shuffle(names)
        return names
    return sorted(names, key=lambda n: (n != PYTHON_JSON, n))


def write_archive(
    spec: ArchiveSpec,
    path: Path,
    *,
    container: Container = "zst",
    order: Order = "pbs",
    seed: int = 0,
) -> Path:
    """Write `spec` as a .tar.zst, .tar.gz, .tar or a directory tree (`path/python/...`).

    `order`: "pbs" (PYTHON.json first, the rest sorted: releases since 20210325),
    "shuffled" (deterministic for a seed: older releases) or "given" (dict order).
    Byte-for-byte reproducible for the same arguments."""
    path = Path(path)
    names = ordered_names(spec, order, seed)
    if container == "dir":
        _write_tree(spec, path, names)
        return path
    with path.open("wb") as raw:
        if container == "zst":
            with zstandard.ZstdCompressor(level=3).stream_writer(raw, closefd=False) as zst:
                _write_tar(zst, spec, names)
        elif container == "gz":
            with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
                _write_tar(gz, spec, names)
        elif container == "tar":
            _write_tar(raw, spec, names)
        else:
            raise ValueError(f"unknown container {container!r}")
    return path


def _write_tar(fileobj: IO[bytes] | gzip.GzipFile, spec: ArchiveSpec, names: list[str]) -> None:
    files = spec.files()
    with tarfile.open(fileobj=fileobj, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for name in names:
            info = tarfile.TarInfo(name)
            info.mtime = DEFAULT_MTIME
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            if name in files:
                data = files[name]
                info.size = len(data)
                info.mode = 0o755 if _executable(name) else 0o644
                tar.addfile(info, io.BytesIO(data))
            else:
                info.type = tarfile.SYMTYPE
                info.linkname = spec.symlinks[name]
                info.mode = 0o777
                tar.addfile(info)


def _executable(name: str) -> bool:
    return "/bin/" in name or name.endswith((".so", ".dylib", ".dll", ".exe", ".pyd"))


def _write_tree(spec: ArchiveSpec, root: Path, names: list[str]) -> None:
    files = spec.files()
    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        rel = PurePosixPath(name)
        if rel.is_absolute() or ".." in rel.parts:
            raise ValueError(f"refusing to write {name!r} outside {root} (use a tar container)")
        target = root.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if name in files:
            target.write_bytes(files[name])
            os.utime(target, (DEFAULT_MTIME, DEFAULT_MTIME))
        else:
            os.symlink(spec.symlinks[name], target)


def iter_archive(path: Path) -> Iterator[tarfile.TarInfo]:
    """The tar headers of an archive written here (.tar.zst, .tar.gz or .tar), in order."""
    for info, _ in iter_archive_contents(path):
        yield info


def iter_archive_contents(path: Path) -> Iterator[tuple[tarfile.TarInfo, bytes | None]]:
    """Headers and file contents (None for non-files), streaming."""
    with Path(path).open("rb") as raw:
        magic = raw.read(4)
        raw.seek(0)
        stream: IO[bytes] = raw
        if magic == b"\x28\xb5\x2f\xfd":
            stream = zstandard.ZstdDecompressor().stream_reader(raw)
        with tarfile.open(fileobj=stream, mode="r|*") as tar:
            for info in tar:
                member = tar.extractfile(info) if info.isfile() else None
                yield info, member.read() if member is not None else None


def archive_names(path: Path) -> list[str]:
    """Member names of an archive (in archive order) or a tree (sorted, relative)."""
    path = Path(path)
    if path.is_dir():
        return sorted(_tree_names(path))
    return [info.name for info in iter_archive(path)]


def _tree_names(root: Path) -> Iterable[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        base = Path(dirpath)
        for name in filenames + [d for d in dirnames if (base / d).is_symlink()]:
            yield (base / name).relative_to(root).as_posix()


def relocate(spec: ArchiveSpec, root: str) -> ArchiveSpec:
    """The same distribution with `python/` renamed to `root` (an app bundle's folder, a uv
    installation key, or "" for the container itself); PYTHON.json moves along."""
    prefix = f"{root}/" if root else ""

    def moved(name: str) -> str:
        return prefix + name.removeprefix("python/")

    members = {moved(n): data for n, data in spec.files().items()}
    return ArchiveSpec(
        python_json=None,
        members=members,
        symlinks={moved(n): target for n, target in spec.symlinks.items()},
    )
