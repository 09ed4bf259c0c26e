"""License findings per component: GPL in the interpreter, Sleepycat's source offer,
other copyleft, copyleft or unknown system libraries, and unknown licenses.

Licenses are the *concluded* ones (after licscan's corrections); `Component.shipping`
says whether the archive carries the code.
"""

from __future__ import annotations

from collections.abc import Iterable

from licscan.judge.categories import COPYLEFT, COPYLEFT_LIMITED, Term, classify, is_gpl, unavoidable
from licscan.judge.disputes import dispute_phrase
from licscan.model import (
    Component,
    ComponentKind,
    Finding,
    Flavor,
    Inventory,
    LinkKind,
    LinkUse,
    Severity,
    Shipping,
)
from licscan.pbs import timeline

_SLEEPYCAT = "sleepycat"


def component_findings(inventory: Inventory, component: Component) -> list[Finding]:
    """The license findings of one component: GPL, source offer, copyleft, unknown."""
    expression = component.concluded.expression
    json = inventory.flavor is not Flavor.INSTALL_ONLY  # install_only: no PYTHON.json
    if component.shipping is Shipping.SYSTEM:
        return _system(component, json)
    if not component.concluded.known or expression == "NONE":
        return [_unknown(component, json)]
    found: list[Finding] = []
    gpl = unavoidable(expression, lambda t: is_gpl(t.id) and t.exception is None)
    if gpl:
        found.append(_gpl(inventory, component, gpl, json))
    sleepycat = unavoidable(expression, lambda t: t.id.lower() == _SLEEPYCAT)
    if sleepycat:
        found.append(_source_offer(component, json))
    strong = unavoidable(
        expression,
        lambda t: _category(t) == COPYLEFT and t not in gpl and t.id.lower() != _SLEEPYCAT,
    )
    if strong:
        found.append(_copyleft(component, strong, "copyleft", "copyleft", json))
    weak = unavoidable(expression, lambda t: _category(t) == COPYLEFT_LIMITED)
    if weak:
        found.append(_copyleft(component, weak, "weak-copyleft", "weak (limited) copyleft", json))
    return found


def _category(term: Term) -> str:
    """Category of a term; a GPL with an exception counts as limited copyleft."""
    category = classify(term.id)
    if term.exception and category == COPYLEFT:
        return COPYLEFT_LIMITED
    return category


def _ids(terms: Iterable[Term]) -> str:
    return ", ".join(t.id + (f" WITH {t.exception}" if t.exception else "") for t in terms)


def _installed(component: Component) -> list[LinkUse]:
    return [
        u
        for u in component.links
        if u.variant == "default" and u.kind not in (LinkKind.SYSTEM, LinkKind.FRAMEWORK)
    ]


def link_evidence(use: LinkUse, json: bool = True) -> str:
    """'PYTHON.json build_info.extensions.readline[variant=default] links readline (path)';
    without PYTHON.json (`json` false: install_only), what the link was inferred from."""
    if not json:
        return (
            f"{use.extension} [{use.variant} variant]: no PYTHON.json (install_only), so the "
            "link is inferred from the installation and PBS's release timeline"
        )
    where = f"PYTHON.json build_info.extensions.{use.extension}[variant={use.variant}]"
    if not use.link:
        return f"{where} references its license file"
    text = f"{where} links {use.link}"
    if use.path:
        text += f" ({use.path}{', not in the archive' if use.path_present is False else ''})"
    elif use.kind is LinkKind.UNSPECIFIED:
        text += " (a bare link name: PYTHON.json of this era has no link details)"
    return text


def _where(uses: list[LinkUse]) -> str:
    inside = sorted({u.extension for u in uses if u.container is None})
    separate = sorted({f"{u.extension} ({u.container})" for u in uses if u.container})
    parts = []
    if inside:
        parts.append(f"{', '.join(inside)} inside libpython / the python executable")
    if separate:
        parts.append(f"{', '.join(separate)} as a separate shared library")
    return "; ".join(parts)


def _declared_evidence(component: Component, json: bool = True) -> list[str]:
    declared, concluded = component.declared, component.concluded
    if not json:
        return [
            f"no PYTHON.json (install_only) declares a license for {component.key}; licscan "
            f"concluded {concluded.expression}"
        ]
    if declared.written is None:
        return [
            f"PYTHON.json has no license keys for {component.key}; licscan concluded "
            f"{concluded.expression}"
        ]
    written = ", ".join(declared.written) or "[]"
    return [f"declared licenses: {written}; concluded {concluded.expression}"]


def _gpl(inventory: Inventory, component: Component, gpl: tuple[Term, ...], json: bool) -> Finding:
    era = timeline.era_for(component.key)
    release = timeline.release_phrase(inventory.release)
    version = f"Python {inventory.python_version}" if inventory.python_version else "Python"
    evidence = [link_evidence(u, json) for u in component.links] + _declared_evidence(
        component, json
    )
    evidence += list(component.notes)
    evidence += [
        e for c in component.corrections if c.code.startswith("inferred") for e in c.evidence
    ]
    evidence += [f"{s.member}: {'; '.join(s.evidence)}" for s in component.sightings if s.installed]
    if component.shipping is Shipping.BUILD_ONLY:
        return Finding(
            "gpl-build-only",
            Severity.WARNING,
            component.key,
            f"{component.name} ({_ids(gpl)}) is not in the installed interpreter, but its object "
            f"code ships under build/ of this full archive ({version}, {release}).",
            tuple(evidence),
            "Distributing the full archive distributes that GPL object code: ship the install_only "
            "archive or python/install/ only, or comply with the GPL for the full archive.",
            component.concluded.expression,
        )
    if component.kind is ComponentKind.PYTHON_PACKAGE:
        return _copyleft(component, gpl, "copyleft", "GPL", json)
    uses = _installed(component)
    extensions = sorted({u.extension for u in uses}) or ([era.extension] if era else [])
    message = f"GPL code inside the interpreter: {component.name} ({_ids(gpl)})"
    seen = sorted({s.member.removeprefix("python/") for s in component.sightings if s.installed})
    if uses:
        message += f" is linked by the installed (default) variant of {_where(uses)}"
    elif seen:
        message += f" is in the code of {', '.join(seen)}"
    else:
        message += " is part of the installed interpreter (inferred, no link metadata)"
    if uses and seen:
        message += f"; its code is in {', '.join(seen)}"
    message += f". {version}, {release}."
    if era is not None:
        message += " " + timeline.placement(era, inventory.python_version, inventory.release)
    for variant in inventory.build_only_variants:
        if variant.extension in extensions:
            message += (
                f" A {variant.variant} variant is available in build/ "
                f"({variant.extension}[variant={variant.variant}], "
                f"{variant.license.expression}), not installed."
            )
    containers = {u.container for u in uses}
    removable = containers.pop() if len(containers) == 1 and None not in containers else None
    remedy = timeline.gpl_remedy(era, "/".join(extensions) or component.key, removable)
    return Finding(
        "gpl-in-interpreter",
        Severity.ERROR,
        component.key,
        message,
        tuple(evidence),
        remedy,
        component.concluded.expression,
    )


def _source_offer(component: Component, json: bool) -> Finding:
    uses = _installed(component) if component.shipping is Shipping.BUNDLED else []
    version = f" {component.version}" if component.version else ""
    message = (
        f"{component.name}{version} is under the Sleepycat license: redistributions in any "
        "form must be accompanied by information on how to obtain complete source code "
        "for the DB software and any accompanying software that uses it."
    )
    for dispute in component.disputes:
        message += f" Its license is disputed: {dispute_phrase(dispute)}."
    inside = sorted({u.extension for u in uses if u.container is None})
    separate = sorted({(u.extension, u.container or "") for u in uses if u.container})
    if inside:
        message += (
            f" {', '.join(inside)} is built inside libpython (not a separate file, "
            "so it cannot simply be deleted)."
        )
        drop = (
            f"or use a PBS release from {timeline.DBM_SHARED_RELEASE} or later, where _dbm "
            "is a separate shared library you can delete"
        )
    elif separate:
        message += (
            " "
            + "; ".join(
                f"{ext} is a separate shared library ({path}) that can be removed"
                for ext, path in separate
            )
            + "."
        )
        drop = "or delete " + ", ".join(path for _, path in separate)
    elif component.shipping is Shipping.BUILD_ONLY:
        message += " Its object code ships only under build/ of this full archive."
        drop = "or distribute only python/install/ (the install_only archive)"
    else:
        message += " Whether _dbm is inside libpython is not known (no link metadata)."
        drop = f"or use a release from {timeline.DBM_SHARED_RELEASE} and delete lib-dynload/_dbm*"
    remedy = (
        "Publish how to obtain the complete Berkeley DB source (and of the software using "
        f"it) with your distribution, {drop}."
    )
    evidence = tuple(link_evidence(u, json) for u in component.links) + tuple(
        _declared_evidence(component, json)
    )
    return Finding(
        "source-offer",
        Severity.WARNING,
        component.key,
        message,
        evidence,
        remedy,
        component.concluded.expression,
    )


def _copyleft(
    component: Component, terms: tuple[Term, ...], finding_id: str, kind: str, json: bool
) -> Finding:
    uses = _installed(component)
    where = f" It is linked into {_where(uses)}." if uses else ""
    if component.shipping is Shipping.BUILD_ONLY:
        where = " Its object code ships only under build/ of this full archive."
    elif component.kind is ComponentKind.PYTHON_PACKAGE:
        where = " It is installed in site-packages."
    remedy = (
        "Meet the license's conditions when you redistribute (source, or a written offer, "
        "and for static linking the means to relink), or remove the component."
    )
    return Finding(
        finding_id,
        Severity.WARNING,
        component.key,
        f"{component.name} is under {_ids(terms)} ({kind}).{where}",
        tuple(link_evidence(u, json) for u in component.links)
        + tuple(_declared_evidence(component, json)),
        remedy,
        component.concluded.expression,
    )


def _system(component: Component, json: bool) -> list[Finding]:
    expression = component.concluded.expression
    used = ", ".join(component.used_by) or "no extension"
    if not component.concluded.known or expression == "NONE":
        return [
            Finding(
                "unknown-system-library",
                Severity.INFO,
                component.key,
                f"{component.name} is taken from the operating system (used by {used}) and its "
                "license is unknown; the archive does not ship that code.",
                tuple(link_evidence(u, json) for u in component.links),
            )
        ]
    copyleft = unavoidable(expression, lambda t: classify(t.id) in (COPYLEFT, COPYLEFT_LIMITED))
    if not copyleft:
        return []
    return [
        Finding(
            "copyleft-system-library",
            Severity.INFO,
            component.key,
            f"{component.name} ({_ids(copyleft)}) is taken from the operating system (used by "
            f"{used}); the archive does not ship that code.",
            tuple(link_evidence(u, json) for u in component.links),
            "Nothing to do for this archive; whoever provides the operating system library "
            "distributes it.",
        )
    ]


def _unknown(component: Component, json: bool) -> Finding:
    build_only = component.shipping is Shipping.BUILD_ONLY
    what = (
        "no license keys"
        if component.concluded.expression == "NOASSERTION"
        else ("an empty license list")
    )
    return Finding(
        "unknown-license",
        Severity.INFO if build_only else Severity.WARNING,
        component.key,
        f"{component.name} is {'only under build/' if build_only else 'shipped'} with {what} "
        "and licscan's catalog does not know its license.",
        tuple(link_evidence(u, json) for u in component.links) + component.notes,
        "Find the library's license upstream and add it to your notices, or waive this finding "
        "with the reason.",
        component.concluded.expression,
    )
