"""License categories (ScanCode's, bundled with license-expression) and SPDX expression terms.

`classify` answers "is this id permissive, copyleft, ...?"; `terms` and `satisfiable` read an
SPDX expression (AND / OR / WITH / parentheses) so that an OR choice is honoured.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from licscan.spdx import license_index, licensing, plain_terms

UNKNOWN = "Unknown"
COPYLEFT = "Copyleft"
COPYLEFT_LIMITED = "Copyleft Limited"
PUBLIC_DOMAIN = "Public Domain"

# LicenseRef ids licscan's inventory writes for things SPDX has no id for.
_PBS_REFS: Mapping[str, str] = {
    "licenseref-pbs-public-domain": PUBLIC_DOMAIN,
    "licenseref-pbs-microsoft-distributable-code": "Proprietary Free",
}
_NO_LICENSE = frozenset({"NOASSERTION", "NONE"})
_TOKEN = re.compile(r"\(|\)|[^\s()]+")
_OPERATORS = frozenset({"AND", "OR", "WITH"})


@dataclass(frozen=True)
class _Entry:
    """One license of the index: its id and its ScanCode category."""

    spdx_id: str  # the current SPDX id (or ScanCode's LicenseRef-scancode-...)
    category: str


@cache
def _index() -> Mapping[str, _Entry]:
    """Lower-cased SPDX id (current and other/deprecated spellings) -> entry."""
    table: dict[str, _Entry] = {}
    for item in license_index():
        key = item.get("spdx_license_key")
        if not isinstance(key, str) or not key:
            continue
        entry = _Entry(key, str(item.get("category") or UNKNOWN))
        for alias in [key, *(item.get("other_spdx_license_keys") or [])]:
            table.setdefault(str(alias).lower(), entry)
    return table


@cache
def categories() -> tuple[str, ...]:
    """Every category name classify() can return, sorted."""
    return tuple(sorted({e.category for e in _index().values()} | {UNKNOWN, PUBLIC_DOMAIN}))


def classify(spdx_id: str) -> str:
    """ScanCode category of one license id (Permissive, Copyleft, ...), "Unknown" if not found."""
    text = spdx_id.strip()
    if text.lower() in _PBS_REFS:
        return _PBS_REFS[text.lower()]
    entry = _index().get(text.lower())
    return entry.category if entry else UNKNOWN


def canonical_id(spdx_id: str) -> str:
    """The current SPDX spelling of an id (GPL-3.0 -> GPL-3.0-only); unchanged if unknown."""
    entry = _index().get(spdx_id.strip().lower())
    return entry.spdx_id if entry else spdx_id.strip()


def is_known_id(spdx_id: str) -> bool:
    return spdx_id.strip().lower() in _index() or spdx_id.strip().lower() in _PBS_REFS


def is_gpl(spdx_id: str) -> bool:
    """GNU GPL or AGPL (any version), not LGPL."""
    return canonical_id(spdx_id).upper().startswith(("GPL-", "AGPL-"))


def is_copyleft_category(category: str) -> bool:
    return category in (COPYLEFT, COPYLEFT_LIMITED)


# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Term:
    """One license in an expression, with its exception (`GPL-2.0-only WITH X`)."""

    id: str
    exception: str | None = None


# An expression tree: a Term, or ("AND" | "OR", children).
Node = Term | tuple[str, tuple["Node", ...]]


def _tree(node: object) -> Node:
    """license-expression's parse tree as licscan's typed Node."""
    from license_expression import LicenseWithExceptionSymbol

    lic = licensing()
    if isinstance(node, lic.AND | lic.OR):
        operator = "AND" if isinstance(node, lic.AND) else "OR"
        return (operator, tuple(_tree(child) for child in node.args))
    if isinstance(node, LicenseWithExceptionSymbol):
        return Term(str(node.license_symbol.key), str(node.exception_symbol.key))
    return Term(str(getattr(node, "key", node)))


@lru_cache(maxsize=4096)  # thousands of packages share a few expressions; Nodes are immutable
def _parse(expression: str) -> Node | None:
    """Parse with license-expression; a malformed expression means every id in it applies."""
    if not expression.strip() or expression.strip() in _NO_LICENSE:
        return None
    plain = plain_terms(expression, refs=True)
    if plain is not None:  # one id, or an AND of ids: what the parser gives, without it
        terms = tuple(Term(i, e) for i, e in plain)
        return terms[0] if len(terms) == 1 else ("AND", terms)
    from license_expression import ExpressionError  # the parser's: plain ones need neither

    try:
        parsed = licensing().parse(expression, validate=False)
    except ExpressionError:
        tokens: list[str] = _TOKEN.findall(expression)
        ids = [t for t in tokens if t not in ("(", ")") and t.upper() not in _OPERATORS]
        return ("AND", tuple(Term(i) for i in ids)) if ids else None
    return None if parsed is None else _tree(parsed)


@cache
def terms(expression: str) -> tuple[Term, ...]:
    """Every license term of an expression, in order, without repeats; () for NOASSERTION/NONE."""
    found: list[Term] = []

    def walk(node: Node) -> None:
        if isinstance(node, Term):
            if node not in found:
                found.append(node)
            return
        for child in node[1]:
            walk(child)

    tree = _parse(expression)
    if tree is not None:
        walk(tree)
    return tuple(found)


def satisfiable(expression: str, acceptable: Callable[[Term], bool]) -> bool:
    """Can the expression be complied with using only acceptable terms (an OR is a choice)?"""

    def ok(node: Node) -> bool:
        if isinstance(node, Term):
            return acceptable(node)
        results = (ok(child) for child in node[1])
        return all(results) if node[0] == "AND" else any(results)

    tree = _parse(expression)
    return True if tree is None else ok(tree)


def unavoidable(expression: str, wanted: Callable[[Term], bool]) -> tuple[Term, ...]:
    """The wanted terms of an expression when no OR choice avoids them, else ()."""
    if satisfiable(expression, lambda t: not wanted(t)):
        return ()
    return tuple(t for t in terms(expression) if wanted(t))
