"""License texts in the archive: their status (present, missing, empty, unreadable) and text."""

from __future__ import annotations

import hashlib
import re
from functools import cached_property

from licscan.inventory.text_ids import identify
from licscan.model import ArchiveContents, FileStatus, Flavor, LicenseFile, MemberKind
from licscan.read import layout

_INSTALL_LICENSE = re.compile(r"python/(?:install/)?(?:(?:lib/python3[^/]*|Lib)/)?LICENSE\.txt")


def decode(data: bytes) -> str | None:
    """License text as str: UTF-8 (BOM tolerated), else Latin-1; None for binary data."""
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def text_status(path: str, member: str, data: bytes) -> LicenseFile:
    """A license text's status from its bytes (present, empty, not text); identified if present."""
    digest = hashlib.sha256(data).hexdigest()
    text = decode(data)
    if text is None:
        return LicenseFile(
            path, member, FileStatus.UNREADABLE, digest, len(data), "binary data, not text"
        )
    if not text.strip():
        return LicenseFile(path, member, FileStatus.EMPTY, digest, len(data), "empty text")
    identified, whole = identify(text)
    return LicenseFile(
        path,
        member,
        FileStatus.PRESENT,
        digest,
        len(data),
        identified=identified,
        identified_whole=whole,
    )


class LicenseFiles:
    """License-file look-ups over one archive's kept members."""

    def __init__(self, contents: ArchiveContents) -> None:
        self._contents = contents

    @cached_property
    def _members(self) -> dict[str, tuple[MemberKind, int, str | None]]:
        return {m.name: (m.kind, m.size, m.link_target) for m in self._contents.members}

    def present_paths(self) -> set[str]:
        return {layout.relative(name) for name in self._members}

    def status(self, path: str) -> LicenseFile:
        """What the archive has at a license path as referenced (relative to python/)."""
        member = f"python/{path.lstrip('/')}"
        if member not in self._members:
            return LicenseFile(path, member, FileStatus.MISSING, detail="not in the archive")
        kind, size, target = self._members[member]
        if kind in (MemberKind.SYMLINK, MemberKind.HARDLINK):
            return LicenseFile(
                path,
                member,
                FileStatus.UNREADABLE,
                size=size,
                detail=f"a link to {target}; links are not followed",
            )
        data = self._contents.kept.get(member)
        if data is None:
            reason = self._contents.not_kept.get(member, "not a license text licscan reads")
            return LicenseFile(path, member, FileStatus.UNREADABLE, size=size, detail=reason)
        return text_status(path, member, data)

    def license_dir(self) -> list[LicenseFile]:
        """Every file in python/licenses/, sorted by name."""
        names = sorted(
            n
            for n, (kind, _s, _t) in self._members.items()
            if n.startswith(layout.LICENSE_DIR) and kind is not MemberKind.DIRECTORY
        )
        return [self.status(layout.relative(n)) for n in names]

    def install_license_paths(self, flavor: Flavor) -> list[str]:
        """CPython's LICENSE.txt in the installation (both layouts, Unix and Windows)."""
        prefix = layout.install_prefix(flavor)
        return sorted(
            layout.relative(n)
            for n in self._members
            if n.startswith(prefix) and _INSTALL_LICENSE.fullmatch(n)
        )

    def texts(self) -> dict[str, str]:
        """Readable kept license texts by path relative to python/ (not PYTHON.json/METADATA)."""
        found: dict[str, str] = {}
        for name, data in self._contents.kept.items():
            if not layout.is_license_text(name):
                continue
            text = decode(data)
            if text is not None and text.strip():
                found[layout.relative(name)] = text
        return found
