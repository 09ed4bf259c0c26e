"""Member bookkeeping shared by every source (tar stream or directory): name rules,
hashing, kept bytes and the member limits."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable

from licscan.errors import ArchiveError
from licscan.model import Member, MemberKind

_DRIVE = re.compile(r"^[A-Za-z]:")


class MemberCollector:
    """Builds the member list and the kept bytes, member by member, within the limits."""

    def __init__(
        self,
        source: str,
        keep: Callable[[str], bool],
        inspect: Callable[[str, int], Callable[[bytes | memoryview], None] | None] | None,
        max_kept_bytes: int,
        max_members: int,
        hash_rule: Callable[[str], bool] | None = None,
    ) -> None:
        self.source, self._keep, self._inspect = source, keep, inspect
        self._max_kept_bytes, self._max_members = max_kept_bytes, max_members
        self.members: list[Member] = []
        self.kept: dict[str, bytes] = {}
        self.not_kept: dict[str, str] = {}
        self._wanted: set[str] = set()
        self._hash_rule = hash_rule  # None: hash every file

    def add(self, member: Member) -> None:
        """Record a member that has no bytes to read (directory, link, device...)."""
        self._check_room()
        if self._wants(member.name):
            self.not_kept[member.name] = why_not_a_file(member)
        self.members.append(member)

    def add_file(
        self, name: str, size: int, mtime: int | None, chunks: Iterable[bytes | memoryview]
    ) -> None:
        """Hash a regular file chunk by chunk, feeding the inspector and keeping it if wanted."""
        self._check_room()
        hashed = self._hash_rule is None or self._hash_rule(name)
        digest = hashlib.sha256() if hashed else None
        consumer = self._inspect(name, size) if self._inspect is not None else None
        limit = self._max_kept_bytes
        buffer: bytearray | None = bytearray() if self._wants(name) else None
        too_big = f"is more than Limits.max_kept_bytes ({limit:,} bytes): {size:,} bytes"
        if buffer is not None and size > limit:
            buffer = None
            self.not_kept[name] = too_big
        count = 0
        for chunk in chunks:
            count += len(chunk)
            if digest is not None:
                digest.update(chunk)
            if consumer is not None:
                consumer(chunk)
            if buffer is not None:
                buffer += chunk
                if len(buffer) > limit:  # a file that grew since its size was read
                    buffer = None
                    self.not_kept[name] = too_big
        if buffer is not None:
            self.kept[name] = bytes(buffer)
        sha256 = digest.hexdigest() if digest is not None else None
        self.members.append(Member(name, count, MemberKind.FILE, None, sha256, mtime))

    def _check_room(self) -> None:
        if len(self.members) >= self._max_members:
            raise ArchiveError(
                f"{self.source} has more than {self._max_members:,} members "
                "(Limits.max_members); if you trust it, raise the limit"
            )

    def _wants(self, name: str) -> bool:
        if not self._keep(name):
            return False
        if name in self._wanted:
            raise ArchiveError(
                f"{self.source} has the member {name} twice; refusing an ambiguous archive"
            )
        self._wanted.add(name)
        return True


def why_not_a_file(member: Member) -> str:
    if member.kind is MemberKind.SYMLINK:
        return f"is a symbolic link to {member.link_target}; links are not followed"
    if member.kind is MemberKind.HARDLINK:
        return f"is a hard link to {member.link_target}; links are not followed"
    return f"is a {member.kind}, not a regular file"


def normalize_name(raw: str, source: str) -> str:
    """`./python//x` -> `python/x`; absolute, `..`, NUL and backslash names are refused."""
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
        raise ArchiveError(f"{source}: refusing an archive with path tricks: member {raw!r} {why}")
    return cleaned


def clean_name(name: str) -> str:
    """Drop empty and `.` components: `./python//x/` -> `python/x`."""
    return "/".join(part for part in name.split("/") if part not in ("", "."))
