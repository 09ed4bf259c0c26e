"""The component catalog in data/ is derived from ../shared/pbs/release-components.json."""

from __future__ import annotations

import json
from pathlib import Path

from licscan.pbs.catalog import load_catalog
from licscan.pbs.catalog_build import build, render, upstream_version
from licscan.resources import data_dir


def test_data_components_json_is_up_to_date(shared_pbs: Path) -> None:
    source = json.loads((shared_pbs / "release-components.json").read_text(encoding="utf-8"))
    committed = (data_dir() / "components.json").read_text(encoding="utf-8")
    assert committed == render(build(source)), (
        "regenerate: python -m licscan.pbs.catalog_build ../shared/pbs/release-components.json "
        "data/components.json"
    )


def test_link_names_map_to_every_matching_component_like_pbs_does() -> None:
    catalog = load_catalog()
    assert catalog.by_library_name("crypto") == ("libressl", "openssl", "openssl-1.1", "openssl-3")
    assert catalog.by_library_name("readline") == ("readline",)
    assert catalog.by_library_name("gdbm") == ("gdbm",)
    assert catalog.by_library_name("libffi-8") == ("libffi",)
    assert catalog.by_library_name("ws2_32") == ()
    assert catalog.by_license_file("LICENSE.tcl.txt") == ("tcl", "tk")


def test_versions_and_licenses_follow_the_release() -> None:
    catalog = load_catalog()
    readline = catalog.components["readline"]
    assert readline.licenses_at("20220502") == (("GPL-3.0",), False)
    assert readline.licenses_at("20221220") == (("GPL-3.0-only",), False)
    assert catalog.versions_in("openssl-3", "20240415", "20240415") == ["3.0.13"]
    assert catalog.components["sqlite"].licenses_at("20240415") == ((), True)
    assert not catalog.existed_at("gdbm", "20230507")


def test_a_download_built_for_some_targets_only_is_chosen_by_the_target() -> None:
    catalog = load_catalog()
    musl, gnu = "x86_64-unknown-linux-musl", "x86_64-unknown-linux-gnu"
    assert catalog.versions_in("libffi", "20240725", "20240725", triple=gnu) == ["3.4.6"]
    assert catalog.versions_in("libffi", "20240725", "20240725", triple=musl) == ["3.3"]
    # target unknown: both, so no single version is claimed
    assert catalog.versions_in("libffi", "20240725", "20240725") == ["3.4.6", "3.3"]
    windows = "x86_64-pc-windows-msvc"
    tcl = catalog.versions_in
    assert tcl("tcl", "20260814", "20260814", triple=windows, python_version="3.13.5") == ["8.6.12"]
    assert tcl("tcl", "20260814", "20260814", triple=windows, python_version="3.14.7") == ["9.0.4"]
    assert tcl("tcl", "20260814", "20260814", triple=gnu, python_version="3.13.5") == ["9.0.4"]
    # before the alternate existed, the one download there was
    assert tcl("tcl", "20240415", "20240415", triple=windows, python_version="3.11.9") == ["8.6.12"]


def test_sqlite_versions_are_written_as_sqlite_writes_them() -> None:
    """PBS's download forms (3.40.0.0; 3250300 in 20181218) become SQLite's own (3.40.0; 3.25.3),
    the form its code and the CPE dictionary use; a real fourth part stays; nothing else moves."""
    assert upstream_version("sqlite", "3.40.0.0") == "3.40.0"
    assert upstream_version("sqlite", "3250300") == "3.25.3"
    assert upstream_version("sqlite", "3.8.7.1") == "3.8.7.1"
    assert upstream_version("zlib", "1.2.13.0") == "1.2.13.0"
    assert load_catalog().versions_in("sqlite", "20221220", "20221220") == ["3.40.0"]
