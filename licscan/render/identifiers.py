"""What the SBOMs say about who made a component and how tools find it, from `data/suppliers.json`.

Supplier (the NTIA minimum element: the entity that creates and identifies the component), a
version for every component, CPE 2.3 names vulnerability tools match (NVD vendor:product from
the data, the version as the inventory knows it), package URLs (`pkg:pypi` for Python packages,
`pkg:generic` with the purl spec's `download_url` / `vcs_url` qualifiers otherwise). The SPDX
and CycloneDX renderers, and the JSON document's `purl`, all take them from here, so the formats
agree. Copyright notices are in `copyrights.py`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from packageurl import PackageURL

from licscan.model import Component, ComponentKind, Inventory
from licscan.resources import data_dir

UNKNOWN_VERSION = "NOASSERTION"


@dataclass(frozen=True)
class Entry:
    supplier: str | None = None
    cpe: str | None = None  # "vendor:product"
    download_url: str | None = None  # template
    vcs_url: str | None = None
    copyright: tuple[str, ...] = ()
    copyright_source: str | None = None  # where the data's notices were read


@dataclass(frozen=True)
class Table:
    entries: dict[str, Entry]
    distribution_supplier: str
    asset_url: str
    python_package_fallback: str


@cache
def table() -> Table:
    raw: dict[str, Any] = json.loads((data_dir() / "suppliers.json").read_text("utf-8"))
    entries = {
        key: Entry(
            supplier=value.get("supplier"),
            cpe=value.get("cpe"),
            download_url=value.get("download_url"),
            vcs_url=value.get("vcs_url"),
            copyright=tuple(value.get("copyright", ())),
            copyright_source=value.get("copyright_source"),
        )
        for key, value in raw["components"].items()
    }
    return Table(
        entries=entries,
        distribution_supplier=raw["distribution"]["supplier"],
        asset_url=raw["distribution"]["asset_url"],
        python_package_fallback=raw["python_package_fallback"],
    )


def entry(component: Component) -> Entry:
    """The component's entry: its key, else the longest `prefix/` entry, else an empty one."""
    entries = table().entries
    if component.key in entries:
        return entries[component.key]
    for prefix in _prefixes():
        if component.key.startswith(prefix):
            return entries[prefix]
    return Entry()


@cache
def _prefixes() -> tuple[str, ...]:
    """The `prefix/` entries, longest first (two different ones of one length cannot both
    begin a key)."""
    return tuple(sorted((k for k in table().entries if k.endswith("/")), key=len, reverse=True))


def supplier(component: Component) -> str:
    """Never empty: the data's upstream, a Python package's METADATA authors, its PyPI
    project, or (for code nothing identifies) the distributor that ships it."""
    found = entry(component).supplier
    if component.kind is ComponentKind.PYTHON_PACKAGE:
        if component.authors:
            return ", ".join(component.authors)
        return found or table().python_package_fallback.format(name=component.name)
    return found or table().distribution_supplier


def distribution_supplier() -> str:
    return table().distribution_supplier


def version_label(component: Component, inventory: Inventory) -> str:
    """The version, or what stands for it: `cpython-3.11.9` for a copy in CPython's source tree
    whose own version is unknown (that snapshot), `pbs-<release>` for other code of unknown
    version that a known PBS release ships, else NOASSERTION."""
    if component.version:
        return component.version
    if component.key.startswith("cpython/") and inventory.python_version:
        return f"cpython-{inventory.python_version}"
    if inventory.release.tag:
        return f"pbs-{inventory.release.tag}"
    return UNKNOWN_VERSION


# CPE 2.3 formatted-string binding (NISTIR 7695 6.2.2.1): every character other than letters,
# digits, `_`, `.` and `-` is quoted with a backslash; vendor and product are lower case.
_CPE_PLAIN = re.compile(r"[A-Za-z0-9._-]")
# what the binding can quote: other characters (space, control, non-ASCII) it cannot write
_CPE_QUOTABLE = re.compile(r"[A-Za-z0-9._\\*?!\"#$%&'()+,/:;<=>@\[\]^`{|}~-]+")


def _cpe_value(value: str) -> str:
    return "".join(ch if _CPE_PLAIN.fullmatch(ch) else "\\" + ch for ch in value)


def cpe(component: Component) -> str | None:
    """`cpe:2.3:a:<vendor>:<product>:<version>:*:*:*:*:*:*:*`, only where NVD names the product
    and the version is known (a CPE with any version would match every CVE of the product)."""
    pair = entry(component).cpe
    if not pair or not component.version or not _CPE_QUOTABLE.fullmatch(component.version):
        return None
    vendor, product = pair.split(":")
    return f"cpe:2.3:a:{vendor}:{product}:{_cpe_value(component.version)}:*:*:*:*:*:*:*"


def _fill(template: str, version: str) -> str:
    base = re.match(r"\d+(?:\.\d+)*", version)
    return template.format(
        version=version,
        version_underscore=version.replace(".", "_"),
        version_base=base.group(0) if base else version,
    )


def download_url(component: Component) -> str | None:
    template = entry(component).download_url
    if template is None or not component.version:
        return None
    return _fill(template, component.version)


def component_purl(component: Component) -> str:
    """`pkg:pypi/<name>@<version>` for Python packages (also vendored ones and ensurepip wheels),
    else `pkg:generic/<key>@<version>` (a `cpython/` copy as namespace `cpython`) with the
    upstream's `download_url` and `vcs_url` when the data knows them."""
    if component.kind is ComponentKind.PYTHON_PACKAGE:
        name = component.key.rsplit("/", 1)[-1]  # pypi/pip, pip/_vendor/certifi, ensurepip/pip
        name = name if name.strip() else "unnamed"  # a purl needs a name
        return str(PackageURL(type="pypi", name=name, version=component.version).to_string())
    namespace, _, name = component.key.rpartition("/")
    name = name if name.strip() else "unnamed"  # a purl needs a name
    qualifiers: dict[str, str] = {}
    if url := download_url(component):
        qualifiers["download_url"] = url
    if vcs := entry(component).vcs_url:
        qualifiers["vcs_url"] = vcs
    purl = PackageURL(
        type="generic",
        namespace=namespace or None,
        name=name,
        version=component.version,
        qualifiers=qualifiers or None,
    )
    return str(purl.to_string())


def distribution_download(inventory: Inventory) -> str | None:
    """The GitHub release asset URL, when the archive carries its official PBS name."""
    asset = inventory.asset
    if asset is None or not asset.release or asset.file_name != inventory.archive.file_name:
        return None
    return table().asset_url.format(release=asset.release, file_name=asset.file_name)


def distribution_purl(inventory: Inventory) -> str:
    """`pkg:generic/cpython@<python>+<release>` (PBS's own version spelling) with the release
    asset as `download_url` when known."""
    version = inventory.python_version
    if version and inventory.release.tag:
        version = f"{version}+{inventory.release.tag}"
    url = distribution_download(inventory)
    purl = PackageURL(
        type="generic",
        name="cpython",
        version=version,
        qualifiers={"download_url": url} if url else None,
    )
    return str(purl.to_string())
