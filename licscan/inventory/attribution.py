"""Which components an extension variant brings in, and under which declared license.

PBS writes one `licenses` / `license_paths` list per extension variant, the union over every
library the extension links. This module splits that union back per component: a link is
matched to catalog components by name, and confirmed by the license files the variant lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from licscan.model import ExtensionVariant, License, Link, LinkKind, LinkUse
from licscan.pbs import Catalog
from licscan.spdx import NOASSERTION, expression_ids, normalize


@dataclass
class Attribution:
    """One component reached by one extension variant."""

    key: str
    use: LinkUse
    declared: License
    license_paths: tuple[str, ...] = ()
    note: str = ""


@dataclass
class VariantAttributions:
    """What one extension variant's links are attributed to: components, OS libraries, macros."""

    components: list[Attribution] = field(default_factory=list)
    system: list[Link] = field(default_factory=list)  # OS libraries no component describes
    macros: list[Link] = field(default_factory=list)  # "$(tcltk": not a library at all


def unknown_key(name: str) -> str:
    return f"lib:{name}"


def _file_components(variant: ExtensionVariant, catalog: Catalog) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in variant.license_paths or ():
        file_name = path.rsplit("/", 1)[-1]
        keys = catalog.by_license_file(file_name)
        if not keys:
            stem = file_name.removeprefix("LICENSE.").removesuffix(".txt")
            keys = (unknown_key(stem),)
        for key in keys:
            found.setdefault(key, []).append(path)
    return found


def _catalog_ids(key: str, catalog: Catalog) -> set[str]:
    entry = catalog.components.get(key)
    if entry is None:
        return set()
    ids: set[str] = set()
    for _first, _last, (written, _pd) in entry.licenses:
        ids.update(expression_ids(normalize(written).expression))
    return ids


def _split_declaration(
    variant: ExtensionVariant, keys: list[str], catalog: Catalog
) -> dict[str, License]:
    """Each component's share of the variant's declared ids (all of them if it is alone)."""
    if variant.licenses is None and variant.license_public_domain is None:
        return {key: License(expression=NOASSERTION) for key in keys}
    whole = normalize(variant.licenses, public_domain=variant.license_public_domain)
    if len(keys) == 1:
        return {keys[0]: whole}
    shares: dict[str, License] = {}
    matches = {
        key: [
            w
            for w in variant.licenses or ()
            if set(expression_ids(normalize([w]).expression)) & _catalog_ids(key, catalog)
        ]
        for key in keys
    }
    # ids no component explains (an invalid or unexpected id) apply to all of them: never dropped
    residual = [w for w in variant.licenses or () if not any(w in m for m in matches.values())]
    for key in keys:
        written = tuple(matches[key] + residual)
        public_domain = bool(variant.license_public_domain) and _catalog_public_domain(key, catalog)
        shares[key] = normalize(written, public_domain=public_domain)
    return shares


def _catalog_public_domain(key: str, catalog: Catalog) -> bool:
    entry = catalog.components.get(key)
    return entry is not None and any(pd for _f, _l, (_ids, pd) in entry.licenses)


def attribute(
    variant: ExtensionVariant, catalog: Catalog, member_names: frozenset[str]
) -> VariantAttributions:
    """Split one variant's links and license declaration into per-component attributions."""
    result = VariantAttributions()
    by_file = _file_components(variant, catalog)
    uses: dict[str, list[LinkUse]] = {}
    for link in variant.links:
        if catalog.macro_link.fullmatch(link.name):
            result.macros.append(link)
            continue
        use = LinkUse(
            extension=variant.extension,
            variant=variant.variant,
            link=link.name,
            kind=link.kind,
            path=link.path,
            path_present=(f"python/{link.path}" in member_names) if link.path else None,
            container=variant.shared_lib,
        )
        candidates = catalog.by_library_name(link.name)
        confirmed = [key for key in candidates if key in by_file]
        if confirmed:
            chosen = confirmed
        elif candidates:
            chosen = list(candidates)  # unannotated: the family is resolved by corrections
        elif link.kind in (LinkKind.SYSTEM, LinkKind.FRAMEWORK):
            result.system.append(link)
            continue
        else:
            chosen = [unknown_key(link.name)]
        for key in chosen:
            uses.setdefault(key, []).append(use)
    for key in by_file:
        if key not in uses:
            uses[key] = [
                LinkUse(
                    extension=variant.extension,
                    variant=variant.variant,
                    link="",
                    kind=LinkKind.UNSPECIFIED,
                    container=variant.shared_lib,
                )
            ]
    declared_keys = [key for key in uses if key in by_file]
    shares = _split_declaration(variant, declared_keys, catalog) if declared_keys else {}
    for key, key_uses in uses.items():
        share = shares.get(key, License(expression=NOASSERTION))
        for use in key_uses:
            result.components.append(Attribution(key, use, share, tuple(by_file.get(key, ()))))
    return result
