"""SPDX normalization with license-expression: one expression per component.

PBS lists several ids per extension; they are a conjunction (every linked library's
license applies), so they are joined with AND, never OR as PyOxidizer does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from licscan.model import License

if TYPE_CHECKING:  # license-expression is imported where its parser is used (0.005-0.01 s)
    from license_expression import Licensing

PUBLIC_DOMAIN_REF = "LicenseRef-PBS-Public-Domain"
"""Public-domain code (SQLite, older xz): SPDX has no id for it, so a documented LicenseRef."""

PUBLIC_DOMAIN_TEXT = (
    "The component's authors dedicated its code to the public domain. python-build-standalone "
    "records this as license_public_domain: true in PYTHON.json, with no SPDX license "
    "identifier. The dedication itself is in the component's license file in python/licenses/."
)

NOASSERTION = "NOASSERTION"
NONE = "NONE"

_INVALID_CHARS = re.compile(r"[^A-Za-z0-9.\-]+")


@cache
def license_index() -> Sequence[Mapping[str, Any]]:
    """license-expression's bundled license index (ScanCode LicenseDB, ~1 MB of JSON), read once
    per process: the SPDX licensing object and the license categories both come from it.
    Read from the package's data file without importing license-expression, which a scan
    whose expressions are all plain (`plain_terms`) never needs; its own reader otherwise."""
    spec = find_spec("license_expression")
    if spec is not None and spec.origin is not None:
        path = Path(spec.origin).parent / "data" / "scancode-licensedb-index.json"
        if path.is_file():  # what get_license_index() reads (`json.load`), as a test checks
            with path.open() as f:
                index: Sequence[Mapping[str, Any]] = json.load(f)
            return index
    import license_expression

    index = license_expression.get_license_index()
    return index


@cache
def licensing() -> Licensing:
    """The shared SPDX licensing object (license-expression's bundled SPDX list): what
    `get_spdx_licensing()` builds, built once per process."""
    import license_expression

    return license_expression.build_spdx_licensing(license_index())


@contextmanager
def licensing_lent() -> Iterator[None]:
    """While the SBOM libraries are imported in this block: spdx-tools and cyclonedx-python-lib
    each build their own SPDX licensing object at import (`get_spdx_licensing()`: 0.03-0.04 s
    of CPU each); in the block they get licscan's instead, the same object from the same data,
    which none of them changes. A call naming another license index builds its own. After the
    block license-expression is as it was: a program importing licscan sees no change."""
    import license_expression

    original = getattr(license_expression, "get_spdx_licensing", None)
    default = getattr(license_expression, "vendored_scancode_licensedb_index_location", None)
    if original is None or default is None:
        yield
        return

    def get_spdx_licensing(license_index_location: object = default) -> Licensing:
        if license_index_location == default:
            return licensing()
        return original(license_index_location)

    license_expression.get_spdx_licensing = get_spdx_licensing
    try:
        yield
    finally:
        license_expression.get_spdx_licensing = original


def license_ref(written: str) -> str:
    """A valid `LicenseRef-PBS-...` id for an id that is not on the SPDX list."""
    cleaned = _INVALID_CHARS.sub("-", written).strip("-") or "unnamed"
    return f"LicenseRef-PBS-{cleaned}"


_ID = r"[A-Za-z0-9.+-]+"
_PLAIN_TOKEN = re.compile(_ID)
_PLAIN_CHAIN = re.compile(rf"{_ID}(?: WITH {_ID})?(?: AND {_ID}(?: WITH {_ID})?)*")


class _Names:
    """The license list's names (ids and other spellings), lower-cased -> current id: of
    licenses, of exceptions (each only where one entry has it), and every name of any entry."""

    def __init__(self, index: Iterable[Mapping[str, Any]]) -> None:
        found: dict[str, set[tuple[str, bool]]] = {}
        for item in index:
            key = item.get("spdx_license_key")
            if not isinstance(key, str) or not key:
                continue
            for name in (key, *(item.get("other_spdx_license_keys") or ())):
                found.setdefault(str(name).lower(), set()).add(
                    (key, bool(item.get("is_exception")))
                )
        one = {name: next(iter(keys)) for name, keys in found.items() if len(keys) == 1}
        self.licenses = {name: key for name, (key, exception) in one.items() if not exception}
        self.exceptions = {name: key for name, (key, exception) in one.items() if exception}
        self.every = frozenset(found)


@cache
def _names() -> _Names:
    return _Names(license_index())


def plain_terms(
    expression: str, *, refs: bool = False
) -> tuple[tuple[str, str | None], ...] | None:
    """The (license, exception) terms, current ids, in order, of an expression that is an AND
    of license ids, each maybe `WITH` an exception, every one a name the license list knows
    (what PYTHON.json and `combine` write): what license-expression's parser reads in it,
    without building the parser (0.03-0.05 s of CPU per run). None for anything else (OR,
    parentheses, unknown ids, other spacing), which the parser reads. `refs`: a `LicenseRef-`
    id the list does not know stands for itself, as the parser reads it when not validating."""
    if not _PLAIN_CHAIN.fullmatch(expression):
        return None
    names = _names()
    terms: list[tuple[str, str | None]] = []
    for term in expression.split(" AND "):
        license_id, _, exception = term.partition(" WITH ")
        key = names.licenses.get(license_id.lower())
        if key is None and refs and license_id.lower() not in names.every:
            key = license_id if license_id.startswith("LicenseRef-") else None
        if key is None:
            return None
        if not exception:
            terms.append((key, None))
            continue
        exception_key = names.exceptions.get(exception.lower())
        if exception_key is None:
            return None
        terms.append((key, exception_key))
    return tuple(terms)


def normalize_id(written: str) -> tuple[str, bool, bool]:
    """(current SPDX id, is_invalid, is_deprecated) for one id as written."""
    text = written.strip()
    if text.startswith("LicenseRef-"):
        return license_ref(text.removeprefix("LicenseRef-").removeprefix("PBS-")), False, False
    if _PLAIN_TOKEN.fullmatch(text):  # one id: looked up, or known to be no name at all
        names = _names()
        key = names.licenses.get(text.lower())
        if key is not None:
            return key, False, key != text
        if text.lower() not in names.every:
            return license_ref(text), True, False
    return parsed_id(text)


def parsed_id(text: str) -> tuple[str, bool, bool]:
    """`normalize_id` of a stripped id that is no `LicenseRef-`, as license-expression's parser
    answers it (the slow path, and the reference the fast one is tested against)."""
    from license_expression import ExpressionError

    try:
        parsed = licensing().parse(text, validate=True, strict=True)
    except ExpressionError:
        return license_ref(text), True, False
    symbols = list(licensing().license_symbols(parsed))
    if len(symbols) != 1:
        return license_ref(text), True, False
    key = str(symbols[0].key)
    return key, False, key != text


def normalize(written: Sequence[str] | None, *, public_domain: bool | None = None) -> License:
    """A License from ids as written in PYTHON.json (None: key absent; []: declared none)."""
    pd = bool(public_domain)
    if written is None and not pd:
        return License(expression=NOASSERTION)
    ids: list[str] = []
    invalid: list[str] = []
    deprecated: list[tuple[str, str]] = []
    for raw in written or ():
        current, is_invalid, is_deprecated = normalize_id(raw)
        if is_invalid:
            invalid.append(raw)
        if is_deprecated:
            deprecated.append((raw, current))
        ids.append(current)
    if pd:
        ids.append(PUBLIC_DOMAIN_REF)
    expression = combine(ids) if ids else NONE
    return License(
        expression=expression,
        written=tuple(written) if written is not None else None,
        public_domain=pd,
        invalid=tuple(invalid),
        deprecated=tuple(deprecated),
    )


def combine(ids: Iterable[str]) -> str:
    """AND-join unique ids in a stable (sorted, case-insensitive) order."""
    unique = sorted(set(ids), key=lambda s: (s.lower(), s))
    return " AND ".join(unique) if unique else NONE


_AND_OF_IDS = re.compile(r"[A-Za-z0-9.+-]+(?: AND [A-Za-z0-9.+-]+)+")


@lru_cache(maxsize=4096)
def expression_ids(expression: str) -> tuple[str, ...]:
    """The license ids of an expression, sorted; () for NOASSERTION / NONE.

    A plain AND of ids (what `combine` writes) is the union of its terms' ids, each parsed
    alone: license-expression's parser is quadratic in the number of terms (500,000 ids)."""
    if expression in (NOASSERTION, NONE):
        return ()
    plain = plain_terms(expression, refs=True)
    if plain is not None:
        return tuple(sorted({i for term in plain for i in term if i is not None}))
    if len(expression) > 200 and _AND_OF_IDS.fullmatch(expression):
        terms = set(expression.split(" AND "))
        return tuple(sorted({i for term in terms for i in expression_ids(term)}))
    parsed = licensing().parse(expression, validate=False)
    return tuple(sorted({str(s.key) for s in licensing().license_symbols(parsed)}))


def merge(licenses: Iterable[License]) -> License:
    """One License covering several declarations (all apply)."""
    items = list(licenses)
    known = [lic for lic in items if lic.expression != NOASSERTION]
    if not known:
        return License(expression=NOASSERTION)
    ids = [i for lic in known for i in expression_ids(lic.expression)]
    written: dict[str, None] = {}  # in order, each once
    for lic in known:
        written.update(dict.fromkeys(lic.written or ()))
    return License(
        expression=combine(ids),
        written=tuple(written),
        public_domain=any(lic.public_domain for lic in known),
        invalid=tuple(sorted({i for lic in known for i in lic.invalid})),
        deprecated=tuple(sorted({d for lic in known for d in lic.deprecated})),
    )
