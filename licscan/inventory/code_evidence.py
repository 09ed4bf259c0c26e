"""The code in the binaries as the final witness: sightings, versions and disagreements.

Runs on the finished components. Every fingerprint match in a binary (licscan.read's
`BinaryFacts`) becomes a `Sighting` on the component it stands for; a version read from the
code replaces one taken from the release catalog; code that no component describes becomes a
component of its own ("found-in-code"). Where the metadata or the catalog says otherwise, a
`Disagreement` records both sides for the judge.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from licscan.inventory.context import Context
from licscan.model import (
    BinaryFacts,
    Component,
    ComponentKind,
    Correction,
    Disagreement,
    DisagreementKind,
    Flavor,
    LinkKind,
    MemberHash,
    Shipping,
    Sighting,
)
from licscan.pbs import families
from licscan.spdx import normalize

_CORE = re.compile(
    r"python/(?:install/)?(?:lib/libpython3[^/]*\.(?:so[.0-9]*|dylib)|bin/python3(?:\.\d+)?t?"
    r"|python3\d*t?\.dll)"
)
_STATIC = (LinkKind.STATIC, LinkKind.UNSPECIFIED)


def sightings(binaries: Iterable[BinaryFacts]) -> list[Sighting]:
    return [
        Sighting(b.member, m.family, m.version, m.evidence) for b in binaries for m in b.matches
    ]


def apply(
    ctx: Context, components: Sequence[Component], flavor: Flavor
) -> tuple[list[Component], list[Disagreement]]:
    """Components with their sightings (and code versions), plus the disagreements found.

    Binaries in site-packages belong to their Python package (a cryptography wheel bundles its
    own OpenSSL): they stay in `Inventory.binaries` but say nothing about the interpreter."""
    seen = [s for s in sightings(ctx.contents.binaries) if "/site-packages/" not in s.member]
    keys = {c.key for c in components}
    by_key: dict[str, list[Sighting]] = {}
    for s in seen:
        by_key.setdefault(_home(s.family, keys), []).append(s)
    disagreements: list[Disagreement] = []
    updated = []
    for component in components:
        own = by_key.pop(component.key, [])
        if own:
            component = _with_code(component, own, disagreements)
        updated.append(component)
    for key, found in sorted(by_key.items()):
        installed = [s for s in found if s.installed]
        if installed:
            updated.append(_found_in_code(ctx, key, installed, disagreements))
    disagreements += _absent(ctx, updated, flavor)
    return updated, _contradictions(disagreements, seen)


def _home(family: str, keys: set[str]) -> str:
    homes = families.HOMES.get(family, (family,))
    return next((k for k in homes if k in keys), homes[0])


def _code_version(found: Sequence[Sighting]) -> tuple[str, str] | None:
    """(version, member) most installed sightings agree on, else build/'s."""
    for group in ([s for s in found if s.installed], found):
        versions = Counter(s.version for s in group if s.version)
        if versions:
            version = versions.most_common(1)[0][0]
            member = next(s.member for s in group if s.version == version)
            return version, member
    return None


def _with_code(
    component: Component, found: list[Sighting], disagreements: list[Disagreement]
) -> Component:
    code = _code_version(found)
    changes: dict[str, object] = {"sightings": tuple(found)}
    if code is not None:
        version, member = code
        if component.version and not same_version(component.version, version):
            disagreements.append(
                Disagreement(
                    DisagreementKind.VERSION_DIFFERS,
                    component.key,
                    f"{component.version} ({component.version_source or 'as listed'})",
                    f"{version} (version string in {member})",
                    tuple(f"{s.member}: {'; '.join(s.evidence)}" for s in found if s.version),
                )
            )
        changes["version"] = version
        changes["version_source"] = f"version string in {member}"
    return replace(component, **changes)  # type: ignore[arg-type]


def same_version(listed: str, found: str) -> bool:
    """The same release: equal once trailing `.0` parts are set aside, so PBS's `3.40.0.0` for
    SQLite 3.40.0 (its download's four-part form) is the `3.40.0` its code says."""

    def core(version: str) -> str:
        while version.endswith(".0") and version.count(".") > 1:
            version = version[:-2]
        return version

    return listed == found or core(listed) == core(found)


def _found_in_code(
    ctx: Context, key: str, found: list[Sighting], disagreements: list[Disagreement]
) -> Component:
    entry = ctx.catalog.components.get(key)
    runtime = ctx.catalog.runtimes.get(key)
    if entry is not None:
        ids, public_domain = entry.licenses_at(ctx.release.newest)
        concluded = normalize(list(ids), public_domain=public_domain)
        name = entry.name
    elif runtime is not None:
        concluded, name = normalize([runtime.license]), runtime.name
    else:
        concluded, name = normalize(None), key
    members = sorted({s.member for s in found})
    evidence = tuple(f"{s.member}: {'; '.join(s.evidence)}" for s in found)
    where = ", ".join(m.removeprefix("python/") for m in members)
    declared_by = "PYTHON.json declares" if ctx.metadata is not None else "nothing in it declares"
    if ctx.metadata is not None:
        disagreements.append(
            Disagreement(
                DisagreementKind.UNDECLARED_CODE,
                key,
                f"PYTHON.json declares no {name}",
                f"{name}'s code is in {where}",
                evidence,
            )
        )
    code = _code_version(found)
    digests = {m.name: m.sha256 for m in ctx.contents.members if m.name in members}
    return Component(
        key=key,
        name=name,
        kind=ComponentKind.RUNTIME if runtime is not None else ComponentKind.LIBRARY,
        shipping=Shipping.BUNDLED,
        declared=normalize(None),
        concluded=concluded,
        version=code[0] if code else None,
        version_source=f"version string in {code[1]}" if code else "",
        hashes=tuple(MemberHash(m, d) for m, d in sorted(digests.items()) if d),
        corrections=(
            Correction(
                code="found-in-code",
                message=f"{name}'s code is in {where}; {declared_by} it. Its license is "
                "concluded from PBS's component list.",
                declared="NOASSERTION",
                concluded=concluded.expression,
                evidence=evidence,
            ),
        ),
        sightings=tuple(found),
    )


def _absent(ctx: Context, components: Sequence[Component], flavor: Flavor) -> list[Disagreement]:
    """Declared static code that the binaries meant to hold it do not show."""
    if ctx.metadata is None:
        return []
    read = {b.member: b for b in ctx.contents.binaries if b.complete}
    core = sorted(n for n in read if _CORE.fullmatch(n))
    prefix = "python/install/" if flavor is Flavor.FULL else "python/"
    found: list[Disagreement] = []
    for component in components:
        reliable = [f for f in families.families_of(component.key) if f in families.RELIABLE]
        uses = [u for u in component.links if u.variant == "default" and u.kind in _STATIC]
        if component.shipping is not Shipping.BUNDLED or not reliable or not uses:
            continue
        holders = sorted({f"{prefix}{u.container}" if u.container else "" for u in uses})
        expected = [h for h in holders if h] + (core if "" in holders else [])
        if (
            not expected
            or any(h not in read for h in expected if h)
            or ("" in holders and not core)
        ):
            continue
        if any(s.installed for s in component.sightings):
            continue
        where = ", ".join(m.removeprefix("python/") for m in expected)
        found.append(
            Disagreement(
                DisagreementKind.DECLARED_CODE_ABSENT,
                component.key,
                f"PYTHON.json: {', '.join(component.used_by)} link {component.name} statically",
                f"no code of {component.name} in {where}",
                tuple(f"{m}: {read[m].format}, read in full" for m in expected),
            )
        )
    return found


def _contradictions(found: list[Disagreement], seen: list[Sighting]) -> list[Disagreement]:
    """Declared code that is absent where its rival's code is: one contradiction instead of an
    absence (and an undeclared rival, when nothing declares it)."""
    installed = {s.family: s for s in seen if s.installed}
    merged: list[Disagreement] = []
    dropped: set[tuple[str, DisagreementKind]] = set()
    for gone in found:
        if gone.kind is not DisagreementKind.DECLARED_CODE_ABSENT:
            continue
        for family in families.families_of(gone.component):
            rival = installed.get(families.RIVALS.get(family, ""))
            if rival is None:
                continue
            version = f" {rival.version}" if rival.version else ""
            merged.append(
                Disagreement(
                    DisagreementKind.CODE_CONTRADICTS,
                    gone.component,
                    gone.declared,
                    f"{gone.found}; {rival.member.removeprefix('python/')} holds {rival.family}"
                    f"{version} instead",
                    (*gone.evidence, f"{rival.member}: {'; '.join(rival.evidence)}"),
                )
            )
            dropped.add((gone.component, gone.kind))
            dropped.add((families.HOMES[rival.family][0], DisagreementKind.UNDECLARED_CODE))
            break
    merged += [d for d in found if (d.component, d.kind) not in dropped]
    return sorted(merged, key=lambda d: (d.component, d.kind.value))
