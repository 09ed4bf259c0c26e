"""Writing reports: atomically, all or nothing, with names derived from the archive."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from licscan.errors import OutputError

# A file's content, or what makes it: called when the file is written, so that a report set
# holds one rendered format at a time, not all of them (20,000 packages: 150 MB of outputs).
Content = bytes | Callable[[], bytes]

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


def write_files(outputs: Mapping[Path, Content]) -> list[Path]:
    """Write every file or none: all go to temporary files first, then are renamed.
    Content given as a callable is made when its temporary file is written; when that raises,
    the files staged so far are removed and the error goes on.

    Every target is checked first: one that exists and is not a regular file (a folder, a
    device) stops the writing before anything is created. When a rename fails after others
    succeeded, those are rolled back: a file that existed gets its old content back (it was
    hard-linked aside first), a new one is removed, and so are the folders made for them."""
    for target in outputs:
        _check_target(target)
    staged: list[tuple[str, Path]] = []
    made: list[Path] = []  # folders created, outermost first
    renamed: list[tuple[Path, str | None]] = []  # target, the backup of what it replaced
    try:
        for target, content in sorted(outputs.items()):
            data = content() if callable(content) else content
            made += _make_folder(target.parent)
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((temp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)
        for temp, target in staged:
            renamed.append((target, _backup(target)))
            os.replace(temp, target)
    except OSError as error:
        _roll_back(staged, renamed, made)
        raise OutputError(
            f"could not write {error.filename or 'the report'}: {error.strerror}"
        ) from error
    except BaseException:  # a renderer failed (or an interrupt): nothing stays behind
        _roll_back(staged, renamed, made)
        raise
    for _target, backup in renamed:
        if backup is not None:
            Path(backup).unlink(missing_ok=True)
    return [target for _temp, target in staged]


def _make_folder(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; the ones created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not os.path.lexists(p)]
    folder.mkdir(parents=True, exist_ok=True)
    return list(reversed(missing))


def _backup(target: Path) -> str | None:
    """A hard link to the file `target` under a temporary name beside it (None: no file)."""
    if not os.path.lexists(target):
        return None
    fd, backup = tempfile.mkstemp(prefix=f".{target.name}.old.", dir=target.parent)
    os.close(fd)
    os.unlink(backup)
    try:
        os.link(target, backup)
    except OSError:  # no hard links here: a copy
        shutil.copy2(target, backup)
    return backup


def _roll_back(
    staged: list[tuple[str, Path]], renamed: list[tuple[Path, str | None]], made: list[Path]
) -> None:
    """Undo a write that failed part way; best effort (what cannot be undone stays)."""
    for target, backup in reversed(renamed):
        try:
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        except OSError:
            pass
    for temp, _target in staged:
        Path(temp).unlink(missing_ok=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _check_target(target: Path) -> None:
    try:
        st = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
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
