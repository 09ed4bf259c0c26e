"""Writing reports: atomically, all or nothing, with names derived from the archive."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from licscan.errors import OutputError

_ARCHIVE_SUFFIXES = (".tar.zst", ".tar.gz", ".tgz", ".tar", ".zst")


def archive_stem(file_name: str) -> str:
    """`cpython-3.11.9+...-full.tar.zst` -> `cpython-3.11.9+...-full`."""
    for suffix in _ARCHIVE_SUFFIXES:
        if file_name.endswith(suffix) and len(file_name) > len(suffix):
            return file_name[: -len(suffix)]
    return file_name


def default_report_dir(source: str) -> Path:
    """Next to the archive, named after it: `dist.tar.zst` -> `dist.licscan/`."""
    path = Path(source)
    return path.parent / f"{archive_stem(path.name)}.licscan"


def write_files(outputs: Mapping[Path, bytes]) -> list[Path]:
    """Write every file or none: all go to temporary files first, then are renamed.

    Every target is checked first: one that exists and is not a regular file (a folder, a
    device) stops the writing before anything is created."""
    for target in outputs:
        _check_target(target)
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in sorted(outputs.items()):
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((temp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)
        for temp, target in staged:
            os.replace(temp, target)
    except OSError as error:
        for temp, _target in staged:
            Path(temp).unlink(missing_ok=True)
        raise OutputError(
            f"could not write {error.filename or 'the report'}: {error.strerror}"
        ) from error
    return [target for _temp, target in staged]


def _check_target(target: Path) -> None:
    try:
        st = os.stat(target)
    except FileNotFoundError:
        parent = next((p for p in target.parents if os.path.lexists(p)), None)
        if parent is not None and not parent.is_dir():
            raise OutputError(f"could not write {target}: {parent} is not a folder") from None
        return
    except OSError as error:
        raise OutputError(f"could not write {target}: {error.strerror}") from error
    if not stat.S_ISREG(st.st_mode):
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise OutputError(f"could not write {target}: it is {what}")


def report_paths(out_dir: Path, stem: str, suffixes: Sequence[tuple[str, str]]) -> dict[str, Path]:
    """Format name -> file path inside the report folder."""
    return {name: out_dir / f"{stem}{suffix}" for name, suffix in suffixes}
