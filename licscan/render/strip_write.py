"""Writing the stripped distribution: staged beside OUTPUT, renamed into place once verified.

An archive is copied as a stream (read once, never unpacked): every kept member's header
blocks and data go through unchanged, in the original order; PYTHON.json is rewritten
without the removed extensions; the manifest goes where the sorted order puts it. A folder is
copied file by file with modes, mtimes and symbolic links.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tarfile
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

from licscan.errors import OutputError, UsageError
from licscan.model import Container
from licscan.read import raw_tar
from licscan.render.strip import StripPlan, edit_python_json
from licscan.render.tar_writer import Compressed, TarWriter

_CHUNK = 2**20
T = TypeVar("T")


def _clean(name: str) -> str:
    return "/".join(part for part in name.split("/") if part not in ("", "."))


# the file name suffixes that name a container (a name with none of them is the user's choice)
_SUFFIXES = {
    ".tar.zst": Container.ZSTD_TAR,
    ".tzst": Container.ZSTD_TAR,
    ".tar.gz": Container.GZIP_TAR,
    ".tgz": Container.GZIP_TAR,
    ".tar": Container.TAR,
}
_SUFFIX_OF = {Container.ZSTD_TAR: ".tar.zst", Container.GZIP_TAR: ".tar.gz", Container.TAR: ".tar"}


def _check_name(output: Path, container: Container) -> None:
    """Refuse an OUTPUT whose suffix names another container than the copy's (the input's)."""
    name = output.name
    suffix = next((s for s in _SUFFIXES if name.lower().endswith(s)), None)
    if suffix is None or _SUFFIXES[suffix] is container:
        return
    fitting = name[: -len(suffix)] + _SUFFIX_OF.get(container, "")
    what = "a folder" if container is Container.DIRECTORY else f"a {container} archive"
    raise UsageError(
        f"{output} names a {_SUFFIXES[suffix]} archive, but the stripped copy is {what} like "
        f"the input (strip keeps the container): name it {output.with_name(fitting)}"
    )


def stage(output: Path, container: Container) -> Path:
    """An empty staging file (or folder) beside `output`, which must be writable there and
    named for the container the copy is written in."""
    _check_name(output, container)
    if container is Container.DIRECTORY:
        if os.path.lexists(output):
            raise UsageError(f"{output} exists: give a new folder for the stripped distribution")
    elif os.path.isdir(output) or (os.path.lexists(output) and not os.path.isfile(output)):
        raise UsageError(f"{output} exists and is not a regular file")
    parent = output.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if container is Container.DIRECTORY:
            return Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=parent))
        fd, name = tempfile.mkstemp(prefix=f".{output.name}.", dir=parent)
        os.close(fd)
        return Path(name)
    except OSError as exc:
        raise OutputError(f"could not write {output}: {exc.strerror or exc}") from exc


def discard(staged: Path) -> None:
    if staged.is_dir() and not staged.is_symlink():
        shutil.rmtree(staged, ignore_errors=True)
    else:
        staged.unlink(missing_ok=True)


def commit(staged: Path, output: Path) -> None:
    """Rename the verified copy into place (a file is flushed to disk first)."""
    try:
        if not staged.is_dir():
            os.chmod(staged, 0o644)
            with open(staged, "rb") as handle:
                os.fsync(handle.fileno())
        os.replace(staged, output)
    except OSError as exc:
        raise OutputError(f"could not write {output}: {exc.strerror or exc}") from exc


class _Tee:
    """The output file, its bytes also handed to `copy` (the re-scan reading them meanwhile)."""

    def __init__(self, raw: IO[bytes], copy: IO[bytes]) -> None:
        self._raw, self._copy = raw, copy

    def write(self, data: bytes | memoryview, /) -> int:
        written = self._raw.write(data)
        self._copy.write(data)
        return written

    def flush(self) -> None:
        self._raw.flush()
        self._copy.flush()


def _manifest_info(name: str, template: tarfile.TarInfo | None) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mode = 0o644
    if template is not None:
        info.mtime, info.uid, info.gid = template.mtime, template.uid, template.gid
        info.uname, info.gname = template.uname, template.gname
    return info


def copy_archive(source: str, staged: Path, plan: StripPlan, tee: IO[bytes] | None = None) -> None:
    """Stream `source` into `staged` (same container), without the plan's members; every
    byte written also goes to `tee` when given."""
    with raw_tar(source) as (container, tar), open(staged, "wb") as raw:
        out = Compressed(raw if tee is None else _Tee(raw, tee), container)  # type: ignore[arg-type]
        try:
            writer = TarWriter(out.sink)
            template: tarfile.TarInfo | None = None
            pending = True  # the manifest is still to be written
            for entry in tar.entries():
                name = _clean(entry.name)
                if tar.global_blocks:  # they apply to every later member: kept whatever goes
                    writer.raw(tar.global_blocks)
                if name in plan.drop or name == plan.manifest_member:
                    continue  # its data is skipped by the next entries() step
                header = tarfile.TarInfo.frombuf(
                    tar.header_blocks[-512:], "utf-8", "surrogateescape"
                )
                if template is None and entry.is_file:
                    template = header
                if pending and name != plan.python_json_member and name > plan.manifest_member:
                    writer.add(_manifest_info(plan.manifest_member, template), plan.manifest)
                    pending = False
                if name == plan.python_json_member and entry.is_file:
                    data = b"".join(bytes(piece) for piece in tar.data())
                    header.name, header.mtime = entry.name, entry.mtime or 0
                    writer.add(header, edit_python_json(data, plan.extensions))
                else:
                    writer.copy(tar.header_blocks, tar.data())
            if pending:
                writer.add(_manifest_info(plan.manifest_member, template), plan.manifest)
            writer.close()
        except BaseException:
            out.abort()  # no compressing thread left behind
            raise
        out.close()


def file_identity(path: str) -> tuple[int, int, int, int] | None:
    """Device, inode, size and mtime of the file at `path` (None when it cannot be read): a
    file read twice must not change between the readings."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def copy_and_rescan(
    source: str, staged: Path, plan: StripPlan, rescan: Callable[[IO[bytes]], T]
) -> T:
    """Copy the archive; `rescan`, on a second thread, reads the very bytes written as they are
    written (from a pipe: the same reading as of the finished file, without waiting for it)."""
    read_end, write_end = os.pipe()
    with contextlib.suppress(ImportError, AttributeError, OSError):  # Linux: a 1 MiB pipe
        import fcntl  # (64 KiB by default: 16 thread hand-overs per MiB)

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 2**20)
    found: list[T] = []
    failed: list[BaseException] = []
    with os.fdopen(read_end, "rb") as reader, os.fdopen(write_end, "wb") as writer:

        def work() -> None:
            try:
                found.append(rescan(reader))
            except BaseException as exc:  # raised again on the caller's thread
                failed.append(exc)
            finally:
                while reader.read(_CHUNK):  # never leave the writer blocked on a full pipe
                    pass

        worker = threading.Thread(target=work, name="licscan-rescan", daemon=True)
        worker.start()
        try:
            copy_archive(source, staged, plan, tee=writer)
        finally:
            writer.close()
            worker.join()
    if failed:
        raise failed[0]
    return found[0]


def copy_folder(source: str, staged: Path, plan: StripPlan) -> None:
    """Copy the folder `source` into `staged` without the plan's members (names relative to
    `source`, as the reader names them), keeping modes, mtimes and symbolic links."""
    root = Path(source)
    folders: list[tuple[Path, os.stat_result]] = []
    first_mtime: float | None = None
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        base = Path(dirpath)
        rel_dir = base.relative_to(root)
        for entry in sorted(filenames + [d for d in dirnames if (base / d).is_symlink()]):
            path = base / entry
            name = (rel_dir / entry).as_posix()
            if name in plan.drop or name == plan.manifest_member:
                continue
            target = staged / name
            target.parent.mkdir(parents=True, exist_ok=True)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                os.symlink(os.readlink(path), target)
                continue
            if first_mtime is None:
                first_mtime = st.st_mtime
            if name == plan.python_json_member:
                target.write_bytes(edit_python_json(path.read_bytes(), plan.extensions))
            else:
                with open(path, "rb") as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, _CHUNK)
            os.chmod(target, stat.S_IMODE(st.st_mode))
            os.utime(target, (st.st_atime, st.st_mtime))
        folders += [(base / d, os.lstat(base / d)) for d in dirnames]
    manifest = staged / plan.manifest_member
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_bytes(plan.manifest)
    when = first_mtime or 0
    os.utime(manifest, (when, when))
    for path, st in reversed(folders):  # deepest first: a child's write changes its parent
        copy = staged / path.relative_to(root)
        if copy.is_dir() and not copy.is_symlink():
            os.chmod(copy, stat.S_IMODE(st.st_mode))
            os.utime(copy, (st.st_atime, st.st_mtime))
    st = os.stat(root)
    os.chmod(staged, stat.S_IMODE(st.st_mode))
    os.utime(staged, (st.st_atime, st.st_mtime))
