"""Code vendored inside other code: pip's `_vendor/` packages and the ensurepip wheels.

pip's `pip/_vendor/vendor.txt` names each vendored package and its version; the license comes
from licscan's table (`data/pip-vendored.json`) and the text, when the pip wheel ships one,
is attached. Each wheel in `ensurepip/_bundled/` is read from its own bytes (a zip, opened
with size checks first) for its METADATA and license files. The code CPython's own source
tree bundles is in `cpython_sources.py`.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache

from licscan.inventory.license_files import LicenseFiles, decode, text_status
from licscan.inventory.packages import (
    canonical_name,
    declared_license,
    metadata_authors,
    metadata_headers,
)
from licscan.model import (
    ArchiveContents,
    Component,
    ComponentKind,
    FileStatus,
    LicenseFile,
    MemberHash,
    Shipping,
)
from licscan.read import DEFAULT_LIMITS, Limits, layout
from licscan.resources import data_dir

# A wheel is read only within these bounds (zip bombs: sizes are checked before reading).
MAX_WHEEL_ENTRIES = 20_000
MAX_WHEEL_MEMBER = 1 << 20  # METADATA and license texts are far smaller
MAX_RATIO = 200  # declared uncompressed / compressed size of a member read

_VENDOR_LINE = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*(?P<version>[^\s;]+)")
_PIP_DIST_INFO = re.compile(r"pip-(?P<version>[^/]+)\.dist-info/")
_LICENSE_NAME = re.compile(r"(?:LICEN[CS]E|COPYING|NOTICE)[^/]*")


@dataclass
class Vendored:
    """Components found vendored inside other code, and the license texts read from wheels."""

    components: list[Component] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # path (relative to python/) -> text


@cache
def _vendor_table() -> dict[str, dict[str, str]]:
    data = json.loads((data_dir() / "pip-vendored.json").read_text(encoding="utf-8"))
    return dict(data["packages"])


def parse_vendor_txt(text: str) -> list[tuple[str, str]]:
    """(name, version) per `name==version` line of pip's vendor.txt (indented lines too);
    comments, blank lines and anything else are skipped."""
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        match = _VENDOR_LINE.fullmatch(line.split("#", 1)[0].strip())
        if match:
            found.append((match.group("name"), match.group("version")))
    return found


def pip_vendored(contents: ArchiveContents, files: LicenseFiles) -> list[Component]:
    """One component per package in each `site-packages/pip/_vendor/vendor.txt`."""
    found: list[Component] = []
    for name, data in sorted(contents.kept.items()):
        if not layout.is_pip_vendor_txt(name):
            continue
        vendor_dir = name.removesuffix("vendor.txt")  # .../site-packages/pip/_vendor/
        site = vendor_dir.removesuffix("pip/_vendor/")
        pip_version = _pip_version(contents, site)
        text = decode(data) or ""
        for project, version in parse_vendor_txt(text):
            found.append(_vendored(contents, files, project, version, vendor_dir, pip_version))
    return found


def _pip_version(contents: ArchiveContents, site: str) -> str | None:
    for m in contents.members:
        if m.name.startswith(site):
            match = _PIP_DIST_INFO.match(m.name, len(site))
            if match:
                return match.group("version")
    return None


def _vendored(
    contents: ArchiveContents,
    files: LicenseFiles,
    project: str,
    version: str | None,
    vendor_dir: str,
    pip_version: str | None,
) -> Component:
    key = canonical_name(project)
    entry = _vendor_table().get(key, {})
    module = entry.get("module", key.replace("-", "_"))
    site = vendor_dir.removesuffix("pip/_vendor/")
    dist_info = (
        f"{site}pip-{pip_version}.dist-info/licenses/src/pip/_vendor/" if pip_version else None
    )
    paths = sorted(
        layout.relative(m.name)
        for m in contents.members
        if _is_license_of(m.name, vendor_dir, module)
        or (dist_info is not None and _is_license_of(m.name, dist_info, module))
    )
    pip = f"pip {pip_version}" if pip_version else "pip"
    if entry:
        declared = declared_license({"license-expression": [entry["license"]]})
        source = "licscan's table of pip's vendored packages (data/pip-vendored.json)"
        if entry.get("checked"):
            source += f", checked against {entry['checked']}"
    else:
        declared = declared_license({})
        source = "nothing: licscan's table of pip's vendored packages does not know it"
    texts = (
        f"license text shipped in the archive: {', '.join(paths)}"
        if paths
        else f"this {pip} ships no license text for it"
    )
    return Component(
        key=f"pip/_vendor/{key}",
        name=project,
        kind=ComponentKind.PYTHON_PACKAGE,
        shipping=Shipping.BUNDLED,
        declared=declared,
        concluded=declared,
        version=version,
        version_source=f"{layout.relative(vendor_dir)}vendor.txt" if version else "",
        license_files=tuple(files.status(p) for p in paths),
        notes=(
            f"vendored inside {pip} ({layout.relative(vendor_dir)}{module})",
            f"license from {source}; {texts}",
        ),
    )


def _is_license_of(name: str, folder: str, module: str) -> bool:
    """`<folder><module>/LICENSE*` or `<folder><module>.LICENSE*` (older pips)."""
    if not name.startswith(folder):
        return False
    rest = name[len(folder) :]
    if rest.startswith(f"{module}/"):
        return _LICENSE_NAME.fullmatch(rest[len(module) + 1 :]) is not None
    return rest.startswith(f"{module}.LICEN")


def ensurepip_wheels(contents: ArchiveContents, limits: Limits = DEFAULT_LIMITS) -> Vendored:
    """One component per wheel in `ensurepip/_bundled/`, read from the wheel's own bytes
    (its METADATA headers within `limits.string_bytes`, as a dist-info folder's)."""
    found = Vendored()
    for m in sorted(contents.members, key=lambda m: m.name):
        if not layout.is_ensurepip_wheel(m.name):
            continue
        data = contents.kept.get(m.name)
        hashes = (MemberHash(m.name, m.sha256),) if m.sha256 else ()
        component, texts = _wheel(m.name, data, contents.not_kept.get(m.name), hashes, limits)
        found.components.append(component)
        found.texts.update(texts)
    return found


def _wheel(
    member: str,
    data: bytes | None,
    not_kept: str | None,
    hashes: tuple[MemberHash, ...],
    limits: Limits,
) -> tuple[Component, dict[str, str]]:
    wheel = member.rsplit("/", 1)[-1]
    stem_name, _, rest = wheel.partition("-")
    stem_version = rest.split("-", 1)[0] or None
    where = layout.relative(member)
    notes = [f"wheel bundled with ensurepip ({where}), installed by `python -m ensurepip`"]
    meta: dict[str, list[str]] = {}
    license_files: list[LicenseFile] = []
    texts: dict[str, str] = {}
    try:
        if data is None:
            raise ValueError(not_kept or "its bytes were not kept")
        meta, license_files, texts = _read_wheel(where, member, data, limits)
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as error:
        notes.append(f"the wheel could not be read: {error}")
    name = (meta.get("name") or [stem_name])[0].strip()
    version = (meta.get("version") or [stem_version or ""])[0].strip() or None
    declared = declared_license(meta)
    component = Component(
        key=f"ensurepip/{canonical_name(name)}",
        name=name,
        kind=ComponentKind.PYTHON_PACKAGE,
        shipping=Shipping.BUNDLED,
        declared=declared,
        concluded=declared,
        version=version,
        version_source="the wheel's dist-info METADATA" if meta else "the wheel's file name",
        license_files=tuple(license_files),
        hashes=hashes,
        notes=tuple(notes),
        authors=metadata_authors(meta),
    )
    return component, texts


def _read_wheel(
    where: str, member: str, data: bytes, limits: Limits
) -> tuple[dict[str, list[str]], list[LicenseFile], dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_WHEEL_ENTRIES:
            raise ValueError(f"more than {MAX_WHEEL_ENTRIES:,} entries")
        meta: dict[str, list[str]] = {}
        files: list[LicenseFile] = []
        texts: dict[str, str] = {}
        for info in sorted(infos, key=lambda i: i.filename):
            inner = info.filename
            top, _, base = inner.partition("/")
            if not top.endswith(".dist-info") or info.is_dir():
                continue
            is_metadata = base == "METADATA"
            if not is_metadata and not _wheel_license(base):
                continue
            path = f"{where}!/{inner}"
            raw = _member_bytes(archive, info)
            if raw is None and is_metadata:
                continue  # name and version then come from the file name
            if raw is None:
                files.append(
                    LicenseFile(
                        path,
                        member,
                        FileStatus.UNREADABLE,
                        size=info.file_size,
                        detail="too large or too compressed to read safely",
                    )
                )
                continue
            if is_metadata:
                meta = metadata_headers(raw, path, limits)
                continue
            files.append(_text_status(path, member, raw, texts))
        return meta, files, texts


def _wheel_license(base: str) -> bool:
    """dist-info license files: `LICENSE*`, `COPYING*`, `NOTICE*`, `AUTHORS*`, `licenses/...`."""
    return (
        base.startswith("licenses/")
        or re.match(r"(?:LICEN[CS]E|COPYING|NOTICE|AUTHORS)", base) is not None
    )


def _member_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes when its declared sizes are sane; zipfile stops at file_size."""
    if info.file_size > MAX_WHEEL_MEMBER:
        return None
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        return None
    with archive.open(info) as stream:
        raw = stream.read(MAX_WHEEL_MEMBER + 1)
    return raw if len(raw) <= MAX_WHEEL_MEMBER else None


def _text_status(path: str, member: str, raw: bytes, texts: dict[str, str]) -> LicenseFile:
    """The text's status (shared with every other license text); a present one is kept."""
    status = text_status(path, member, raw)
    if status.status is FileStatus.PRESENT:
        texts[path] = decode(raw) or ""
    return status


def components(
    contents: ArchiveContents, files: LicenseFiles, limits: Limits = DEFAULT_LIMITS
) -> Vendored:
    """pip's vendored packages, then the ensurepip wheels, each sorted by key."""
    wheels = ensurepip_wheels(contents, limits)
    vendored = sorted(pip_vendored(contents, files), key=lambda c: c.key)
    return Vendored(vendored + sorted(wheels.components, key=lambda c: c.key), wheels.texts)
