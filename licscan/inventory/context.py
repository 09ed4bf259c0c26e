"""The inventory stage's working types: a component being assembled and what every step reads.

Shared by `build.py` and the steps it calls (`corrections.py`, `unannotated.py`,
`install_only.py`), so those steps never import the module that calls them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from licscan.inventory.attribution import Attribution
from licscan.model import (
    UNKNOWN_LICENSE,
    ArchiveContents,
    AssetName,
    BinaryEvidence,
    ComponentKind,
    Correction,
    License,
    LinkKind,
    LinkUse,
    PythonJson,
    ReleaseInfo,
    Shipping,
)
from licscan.pbs import BuildConfig, Catalog
from licscan.spdx import merge

_SHIPPED_KINDS = (LinkKind.STATIC, LinkKind.DYNAMIC, LinkKind.UNSPECIFIED)


@dataclass
class Draft:
    """A component being assembled (mutable, private to the inventory stage)."""

    key: str
    name: str
    kind: ComponentKind = ComponentKind.LIBRARY
    entries: list[tuple[LinkUse, License]] = field(default_factory=list)  # use, its declaration
    declared_as: License | None = None  # set when a correction rewrites the declaration
    license_paths: list[str] = field(default_factory=list)
    concluded: License | None = None
    version: str | None = None
    version_source: str = ""
    extra_hashes: list[str] = field(default_factory=list)  # member names
    corrections: list[Correction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shipping: Shipping | None = None  # forced (runtimes); else derived from uses

    _seen: set[tuple[LinkUse, License]] = field(default_factory=set, repr=False, compare=False)
    _paths: set[str] = field(default_factory=set, repr=False, compare=False)

    def add(self, attribution: Attribution) -> None:
        self.add_use(attribution.use, attribution.declared)
        if len(self._paths) != len(self.license_paths):  # reassigned by a correction
            self._paths = set(self.license_paths)
        for path in attribution.license_paths:
            if path not in self._paths:  # sets: 30,000 extensions must not be quadratic
                self._paths.add(path)
                self.license_paths.append(path)

    def add_use(self, use: LinkUse, declared: License = UNKNOWN_LICENSE) -> None:
        if len(self._seen) != len(self.entries):  # entries changed behind our back
            self._seen = set(self.entries)
        if (use, declared) not in self._seen:
            self._seen.add((use, declared))
            self.entries.append((use, declared))

    def absorb(self, other: Draft) -> None:
        """Take over another draft's uses (one component declared under two keys)."""
        for use, declared in other.entries:
            self.add_use(use, declared)

    @property
    def uses(self) -> list[LinkUse]:
        return [use for use, _declared in self.entries]

    @property
    def installed_uses(self) -> list[LinkUse]:
        return [u for u in self.uses if u.variant == "default"]

    def derive_shipping(self) -> Shipping:
        if self.shipping is not None:
            return self.shipping
        installed = self.installed_uses
        if not installed:
            return Shipping.BUILD_ONLY if self.uses else Shipping.BUNDLED
        if any(u.kind in _SHIPPED_KINDS for u in installed):
            return Shipping.BUNDLED
        return Shipping.SYSTEM

    def declared(self) -> License:
        """As PYTHON.json declares it: the installed variants' declarations, else all."""
        if self.declared_as is not None:
            return self.declared_as
        installed = [d for use, d in self.entries if use.variant == "default"]
        return merge(installed or [d for _use, d in self.entries])


@dataclass
class Context:
    """What every inventory step may read."""

    contents: ArchiveContents
    metadata: PythonJson | None
    release: ReleaseInfo
    catalog: Catalog
    evidence: tuple[BinaryEvidence, ...]
    member_names: frozenset[str]
    drafts: dict[str, Draft] = field(default_factory=dict)
    build: BuildConfig | None = None  # the installation's _sysconfigdata (no PYTHON.json)
    triple: str | None = None  # the target, where known (picks per-target catalog versions)
    python_version: str | None = None
    asset: AssetName | None = None  # what the file name says

    def draft(self, key: str) -> Draft:
        if key not in self.drafts:
            entry = self.catalog.components.get(key)
            name = entry.name if entry else key.removeprefix("lib:")
            self.drafts[key] = Draft(key=key, name=name)
        return self.drafts[key]
