"""Many inputs: what `licscan scan A B DIR -` reads, one input after the other.

An argument is an archive, an unpacked distribution or installation, a folder, `-` (an
archive on stdin, read once) or a URL (`https://...`, `s3://...`: one input, streamed by the
reader; a folder URL of a protocol that lists folders, such as s3, stands for the archives
under it, sorted). A folder is expanded by its contents, walked in sorted order
without following links:

* when discovery finds a Python installation in it (at its top or deeper: `python/`, uv's
  folders, an app bundle), the folder is one input, a container, as a single folder always
  was; a folder with no installation and no archive is one input too (it fails with the
  reader's message);
* every archive file in it, at any depth but outside those installations, is an input of its
  own: a file named `.tar.zst`, `.tar.gz`, `.tgz` or `.tar` (its container is then told by
  its content, like any archive's; one that is not an archive is a bad input).

The folder comes first, then its archives in the sorted order of their paths.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from licscan.errors import InputError, UsageError
from licscan.model import Member, MemberKind
from licscan.read.archive import STDIN_NAME
from licscan.read.discover import find_roots
from licscan.read.remote import display_url, expand_url, is_url, url_name

STDIN = "-"
ARCHIVE_SUFFIXES = (".tar.zst", ".tar.gz", ".tgz", ".tar")


@dataclass(frozen=True)
class InputRef:
    """One input to scan: `path` is a file or folder, or "-" for stdin; `given` is the
    command-line argument it came from (a folder holds several)."""

    path: str
    given: str
    url: bool = False  # `path` is a URL (`remote.py`)

    @property
    def stdin(self) -> bool:
        return self.path == STDIN and not self.url

    @property
    def label(self) -> str:
        """How messages and tables name it (a URL without its query or user info)."""
        if self.url:
            return display_url(self.path)
        return STDIN_NAME if self.stdin else self.path

    @property
    def file_name(self) -> str:
        """Its file name: a path's base name, a URL's last path segment; "stdin"."""
        if self.url:
            return url_name(self.path) or "input"
        if self.stdin:
            return STDIN_NAME
        return os.path.basename(os.path.abspath(self.path)) or "input"


def expand_inputs(arguments: Iterable[str | os.PathLike[str]]) -> list[InputRef]:
    """The inputs the arguments name, in order; folders expanded (see the module doc).

    `-` may be given once: stdin is read once."""
    found: list[InputRef] = []
    for argument in arguments:
        given = os.fspath(argument)
        if given == STDIN:
            if any(ref.stdin for ref in found):
                raise UsageError("stdin (-) can be read only once: give - once")
            found.append(InputRef(STDIN, given))
        elif is_url(given):
            found.extend(
                InputRef(url, given, url=True) for url in expand_url(given, is_archive_name)
            )
        elif os.path.isdir(given):
            found.extend(InputRef(path, given) for path in expand_folder(given))
        else:
            _check_file(given)
            found.append(InputRef(given, given))
    return found


_INHERITED = ("/dev/stdin", "/dev/fd/", "/proc/self/fd/")  # an open descriptor: may be a pipe


def _check_file(path: str) -> None:
    """Refuse a FIFO, a device or a socket: reading one may never end (stdin is given as -)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # reading it reports the error
    if stat.S_ISREG(mode) or path.startswith(_INHERITED):
        return
    kind = (
        "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    raise InputError(f"{path} is {kind}, not an archive; give a file, a folder or - (stdin)")


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Both exist and are one file (or folder): an output that would overwrite an input."""
    return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)


def is_archive_name(name: str) -> bool:
    return name.endswith(ARCHIVE_SUFFIXES) and not name.startswith(".")


def expand_folder(folder: str) -> list[str]:
    """The folder itself when it holds an installation (or nothing else to scan), then the
    archives inside it that no installation contains, in sorted order."""
    try:
        entries = sorted(_walk(folder, ""))
    except OSError:
        return [folder]  # reading it reports the error
    members = [
        Member(name, 0, MemberKind.SYMLINK if stat.S_ISLNK(mode) else MemberKind.FILE)
        for name, mode in entries
        if not stat.S_ISDIR(mode)
    ]
    roots = find_roots(members)
    archives = [
        name
        for name, mode in entries
        if stat.S_ISREG(mode)
        and is_archive_name(name.rsplit("/", 1)[-1])
        and not any(root == "" or name.startswith(f"{root}/") for root in roots)
    ]
    head = [folder] if roots or not archives else []
    return head + [os.path.join(folder, *name.split("/")) for name in archives]


def _walk(folder: str, prefix: str) -> Iterator[tuple[str, int]]:
    """(name relative to the folder, st_mode) of every entry; links are not followed."""
    with os.scandir(folder) as scan:
        found = list(scan)
    for entry in found:
        name = prefix + entry.name
        mode = entry.stat(follow_symlinks=False).st_mode
        yield name, mode
        if stat.S_ISDIR(mode):
            yield from _walk(entry.path, name + "/")
