"""SPDX normalization: ids as written -> one AND expression, problems reported not dropped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from licscan.spdx import PUBLIC_DOMAIN_REF, expression_ids, merge, normalize


def test_deprecated_gpl_id_is_upgraded_and_reported() -> None:
    lic = normalize(["GPL-3.0", "X11"])
    assert lic.expression == "GPL-3.0-only AND X11"
    assert lic.deprecated == (("GPL-3.0", "GPL-3.0-only"),)
    assert lic.written == ("GPL-3.0", "X11")


def test_several_ids_are_a_conjunction_not_a_choice() -> None:
    assert normalize(["Python-2.0", "CNRI-Python"]).expression == "CNRI-Python AND Python-2.0"
    assert " OR " not in normalize(["Apache-2.0", "OpenSSL"]).expression


def test_absent_keys_mean_unknown_and_empty_list_means_none() -> None:
    assert normalize(None).expression == "NOASSERTION"
    assert not normalize(None).known
    assert normalize([]).expression == "NONE"


def test_public_domain_is_a_documented_license_ref() -> None:
    lic = normalize([], public_domain=True)
    assert lic.expression == PUBLIC_DOMAIN_REF
    assert lic.public_domain


def test_invalid_id_is_kept_as_license_ref_and_reported() -> None:
    lic = normalize(["Foo Bar", "MIT"])
    assert lic.invalid == ("Foo Bar",)
    assert lic.expression == "LicenseRef-PBS-Foo-Bar AND MIT"


def test_merge_combines_known_declarations_and_ignores_unknown() -> None:
    merged = merge([normalize(["MIT"]), normalize(None), normalize(["Zlib", "MIT"])])
    assert merged.expression == "MIT AND Zlib"
    assert expression_ids(merged.expression) == ("MIT", "Zlib")
    assert merge([normalize(None)]).expression == "NOASSERTION"


_LENT = """
import sys, tempfile, pathlib
import license_expression
original = license_expression.get_spdx_licensing
from licscan.api import render_report, report
from licscan.cli.example import write_example
from licscan.render.context import RenderContext
from licscan.spdx import licensing, licensing_lent
assert license_expression.get_spdx_licensing is original, "changed by import licscan"
with tempfile.TemporaryDirectory() as tmp:
    example = report(write_example(pathlib.Path(tmp)))
for fmt in ("cyclonedx", "spdx", "spdx3"):
    render_report(example, fmt)
assert "spdx_tools" not in sys.modules and "cyclonedx" not in sys.modules  # own writers
from licscan.render import spdx
spdx.build_document(example, RenderContext.for_report(example, "1.0"))  # spdx-tools' Document
with licensing_lent():
    from licscan.render import cyclonedx_library
shared = licensing()
assert sys.modules["spdx_tools.common.spdx_licensing"].spdx_licensing is shared
cdx = sys.modules.get("cyclonedx.spdx")  # loaded only when the library reads an SPDX id
assert cdx is None or vars(cdx)["__SPDX_EXPRESSION_LICENSING"] is shared
assert license_expression.get_spdx_licensing is original, "not restored"
assert license_expression.get_spdx_licensing() is not shared
print("ok")
"""


def test_sbom_libraries_imported_by_licscan_share_its_licensing_object() -> None:
    """In a fresh process (other tests import the libraries directly): rendering the SBOMs
    imports no SBOM library; licscan's library builders (the tests' reference) lend licscan's
    licensing object to spdx-tools and cyclonedx-python-lib as they import them, and leave
    license-expression as it was."""
    done = subprocess.run(
        [sys.executable, "-c", _LENT], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_shared_licensing_knows_what_a_fresh_one_knows(tmp_path: Path) -> None:
    import license_expression

    from licscan.spdx import license_index, licensing

    assert license_index() == license_expression.get_license_index()
    fresh = license_expression.build_spdx_licensing(license_expression.get_license_index())
    assert set(licensing().known_symbols) == set(fresh.known_symbols)
    for text in ("GPL-2.0+", "mit", "Apache-2.0 WITH LLVM-exception", "GPL-3.0 OR BSD-3-Clause"):
        assert str(licensing().parse(text)) == str(fresh.parse(text))
    # another license index is still read from its own file
    index = tmp_path / "index.json"
    index.write_text('[{"license_key": "mit", "spdx_license_key": "MIT"}]')
    other = license_expression.get_spdx_licensing(str(index))
    assert other is not licensing()
    assert set(other.known_symbols) == {"MIT"}


def _parsed_id(text: str) -> tuple[str, bool, bool]:
    """normalize_id as license-expression's parser answers it (the reference)."""
    from licscan.spdx import license_ref, parsed_id

    if text.startswith("LicenseRef-"):  # normalize_id's own branch, before any parsing
        return license_ref(text.removeprefix("LicenseRef-").removeprefix("PBS-")), False, False
    return parsed_id(text)


def _spellings() -> list[str]:
    from licscan.spdx import license_index

    names = [
        str(name)
        for item in license_index()
        if item.get("spdx_license_key")
        for name in (item["spdx_license_key"], *(item.get("other_spdx_license_keys") or ()))
    ]
    return sorted({variant for n in names for variant in (n, n.lower(), n.upper())})


def test_plain_ids_read_every_license_list_spelling_as_the_parser_does() -> None:
    from licenseclassifier._engine import builtin_scanner

    from licscan.spdx import normalize_id

    spellings = _spellings()
    assert len(spellings) > 5000
    for text in spellings:
        assert normalize_id(text) == _parsed_id(text), text
    odd = ["Foo-1.0", "MIT-or-so", "GPL 2.0", "LLVM-exception", "MIT AND Apache-2.0", "MIT+"]
    odd += ["GPL-2.0-only+", "X-GPL-3.0", "MITMIT", "BSD", "GPL", "0BSD-", "-MIT", "mit.", "1.0"]
    odd += [f"{name}{suffix}" for name in spellings[::7] for suffix in ("+", "-x", ".0", "X")]
    odd += [f"{prefix}{name}" for name in spellings[::7] for prefix in ("X-", "0", "-")]
    for text in odd:
        assert normalize_id(text) == _parsed_id(text), text
    # every id the text identification can give (licenseclassifier's own list)
    scanner_ids = set(builtin_scanner().ids)
    assert len(scanner_ids) > 500
    for text in scanner_ids:
        assert normalize_id(text) == _parsed_id(text), text


def test_plain_and_chains_give_the_parsers_ids_and_tree() -> None:
    import random

    from license_expression import ExpressionError

    from licscan.inventory.packages import _expression
    from licscan.judge.categories import _parse, _tree
    from licscan.spdx import _names, expression_ids, licensing, plain_terms

    spellings = _spellings()
    exceptions = sorted(_names().exceptions)
    chooser = random.Random(10)

    def term() -> str:
        if chooser.random() < 0.1:
            return (
                f"LicenseRef-{chooser.choice(['PBS-', 'scancode-', ''])}{chooser.choice(spellings)}"
            )
        if chooser.random() < 0.2:
            right = chooser.choice(exceptions if chooser.random() < 0.8 else spellings)
            return f"{chooser.choice(spellings)} WITH {right}"
        return chooser.choice(spellings)

    chains = [" AND ".join(term() for _ in range(chooser.randint(1, 6))) for _ in range(4000)]
    chains += ["MIT AND MIT", "mit AND Zlib", "GPL-2.0+ AND BSD-3-Clause"]
    chains += ["Apache-2.0 WITH LLVM-exception", "apache-2.0 WITH llvm-exception AND MIT"]
    chains += ["LicenseRef-PBS-Public-Domain", "LicenseRef-PBS-Public-Domain AND MIT"]
    checked = refs = 0
    for chain in chains:
        if plain_terms(chain, refs=True) is None:
            continue
        checked += 1
        parsed = licensing().parse(chain, validate=False)
        keys = {str(s.key) for s in licensing().license_symbols(parsed)}
        assert expression_ids(chain) == tuple(sorted(keys)), chain
        assert _parse(chain) == _tree(parsed), chain
        refs += "LicenseRef-" in chain
        try:
            strict = str(licensing().parse(chain, validate=True, strict=True))
        except ExpressionError:
            strict = normalize([chain]).expression  # _expression falls back to it
        assert _expression(chain).expression == strict, chain
    assert checked > 1500
    assert refs > 200
