"""Member bookkeeping shared by every source (tar stream or directory): name rules,
hashing, kept bytes and the member limits."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable

from licscan.errors import ArchiveError
from licscan.model import Member, MemberKind
from licscan.read.limits import Limits, exceeded, size_text

_DRIVE = re.compile(r"^[A-Za-z]:")


class MemberCollector:
    """Builds the member list and the kept bytes, member by member, within the limits."""

    def __init__(
        self,
        source: str,
        keep: Callable[[str], bool],
        inspect: Callable[[str, int], Callable[[bytes | memoryview], None] | None] | None,
        limits: Limits,
        hash_rule: Callable[[str], bool] | None = None,
    ) -> None:
        self.source, self._keep, self._inspect = source, keep, inspect
        self.limits = limits
        self._deadline = limits.deadline()
        self._declared = 0  # declared sizes so far: the total is checked before reading
        self._digests: dict[str, str] = {}  # one string per distinct digest (memory)
        self._kept_total = 0
        self.members: list[Member] = []
        self.kept: dict[str, bytes] = {}
        self.not_kept: dict[str, str] = {}
        self._wanted: set[str] = set()
        self._hash_rule = hash_rule  # None: hash every file

    def tick(self) -> None:
        """Called as the reading goes on: raises once the time limit has passed."""
        self._deadline.check(self.source, self.limits)

    def add(self, member: Member) -> None:
        """Record a member that has no bytes to read (directory, link, device...)."""
        self._check_room(member.name, member.size)
        if member.link_target is not None and len(member.link_target) > self.limits.name_bytes:
            what = f"the link target of {_shown(member.name)} has {len(member.link_target):,} bytes"
            raise exceeded(self.source, what, "name_bytes", self.limits)
        if self._wants(member.name):
            self.not_kept[member.name] = why_not_a_file(member)
        self.members.append(member)

    def add_file(
        self, name: str, size: int, mtime: int | None, chunks: Iterable[bytes | memoryview]
    ) -> None:
        """Hash a regular file chunk by chunk, feeding the inspector and keeping it if wanted."""
        self._check_room(name, size)
        if size > self.limits.member_bytes:
            what = f"the member {_shown(name)} declares {size_text(size)}"
            raise exceeded(self.source, what, "member_bytes", self.limits)
        hashed = self._hash_rule is None or self._hash_rule(name)
        digest = hashlib.sha256() if hashed else None
        consumer = self._inspect(name, size) if self._inspect is not None else None
        limit = self.limits.kept_bytes
        buffer: bytearray | None = bytearray() if self._wants(name) else None
        if buffer is not None and size > limit:
            buffer = None
            self.not_kept[name] = _too_big(size, limit)
        elif buffer is not None and self._kept_total + size > self.limits.kept_total_bytes:
            buffer = None
            self.not_kept[name] = (
                f"is past the limit kept_total_bytes ({size_text(self.limits.kept_total_bytes)})"
                " of all kept members; raise it with --limit kept_total_bytes=N"
            )
        count = 0
        deadline = self._deadline
        for chunk in chunks:
            count += len(chunk)
            if deadline.passed():
                deadline.check(self.source, self.limits)
            if digest is not None:
                digest.update(chunk)
            if consumer is not None:
                consumer(chunk)
            if buffer is not None:
                buffer += chunk
                if len(buffer) > limit:  # a file that grew since its size was read
                    buffer = None
                    self.not_kept[name] = _too_big(size, limit)
        if buffer is not None:
            self._kept_total += len(buffer)
            self.kept[name] = bytes(buffer)
        sha256 = None
        if digest is not None:
            hexed = digest.hexdigest()
            sha256 = self._digests.setdefault(hexed, hexed)
        self.members.append(Member(name, count, MemberKind.FILE, None, sha256, mtime))

    def _check_room(self, name: str, size: int) -> None:
        limits = self.limits
        if len(self.members) >= limits.members:
            raise exceeded(self.source, "it has more members", "members", limits)
        if len(name) > limits.name_bytes:
            what = f"a member name has {len(name):,} characters"
            raise exceeded(self.source, what, "name_bytes", limits)
        self._declared += size
        if self._declared > limits.total_bytes:
            what = f"its members declare {size_text(self._declared)} in all"
            raise exceeded(self.source, what, "total_bytes", limits)
        if len(self.members) % 4096 == 0:
            self._deadline.check(self.source, limits)

    def _wants(self, name: str) -> bool:
        if not self._keep(name):
            return False
        if name in self._wanted:
            raise ArchiveError(
                f"{self.source} has the member {name} twice; refusing an ambiguous archive"
            )
        self._wanted.add(name)
        return True


def _too_big(size: int, limit: int) -> str:
    return (
        f"is more than the limit kept_bytes ({size_text(limit)}): {size_text(size)}; "
        "raise it with --limit kept_bytes=N"
    )


def _shown(name: str, keep: int = 120) -> str:
    """A member name for a message: never whole when long."""
    return name if len(name) <= keep else f"{name[: keep - 20]}...{name[-17:]}"


def why_not_a_file(member: Member) -> str:
    if member.kind is MemberKind.SYMLINK:
        return f"is a symbolic link to {member.link_target}; links are not followed"
    if member.kind is MemberKind.HARDLINK:
        return f"is a hard link to {member.link_target}; links are not followed"
    if member.kind is MemberKind.DIRECTORY:
        return "is a directory, not a regular file"
    return "is a device, FIFO or other special file, not a regular file"


def normalize_name(raw: str, source: str) -> str:
    """`./python//x` -> `python/x`; absolute, `..`, NUL and backslash names are refused."""
    if (  # the usual name: nothing to refuse or clean (no "" or "." part), returned as it is
        "\0" not in raw
        and "\\" not in raw
        and ".." not in raw
        and "//" not in raw
        and "/." not in raw
        and raw[1:2] != ":"
        and not raw.startswith(("/", "."))
        and not raw.endswith("/")
    ):
        return raw
    why = None
    if "\0" in raw:
        why = "contains a NUL byte"
    elif "\\" in raw:
        why = "contains a backslash"
    elif raw.startswith("/") or _DRIVE.match(raw):
        why = "is an absolute path"
    cleaned = clean_name(raw)
    if why is None and ".." in cleaned.split("/"):
        why = "climbs out of the archive with '..'"
    if why is not None:
        shown = _shown(repr(raw))
        raise ArchiveError(f"{source}: refusing an archive with path tricks: member {shown} {why}")
    return cleaned


def clean_name(name: str) -> str:
    """Drop empty and `.` components: `./python//x/` -> `python/x`."""
    return "/".join(part for part in name.split("/") if part not in ("", "."))
