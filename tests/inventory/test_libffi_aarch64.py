"""An aarch64 Linux install_only archive whose libpython holds REAL aarch64 libffi code (the
static link of the Linux aarch64 cffi wheel, tests/binaries/fetch.sh): the scan reports libffi
seen in that member, by its code, also when no libffi symbol is exported."""

from __future__ import annotations

from pathlib import Path

import pytest

import licscan
from licscan.read.binary.matcher import describe
from tests.builders import to_install_only, write_archive
from tests.builders.layout import synthetic_full_spec
from tests.builders.pythonjson import linux_python_json
from tests.read.binaries import CFFI_ARM, FP_BY_ID, require_file
from tests.read.test_binary_libffi import ARM_NEEDLE

RELEASE = "20250317"
LIBPYTHON = "python/lib/libpython3.13.so.1.0"
NAME = f"cpython-3.13.2+{RELEASE}-aarch64-unknown-linux-gnu-install_only_stripped.tar.gz"


def _hide_libffi_symbols(data: bytes) -> bytes:
    """The same code with libffi's exported names renamed in the dynamic string table (as a
    link with `--exclude-libs` would leave none): only the code can tell."""
    for name in FP_BY_ID["libffi"].symbols:
        data = data.replace(f"\0{name}\0".encode(), f"\0hid{name[3:]}\0".encode())
    return data


@pytest.mark.parametrize("hidden", [False, True], ids=["exported", "hidden-symbols"])
def test_libffi_sighting_in_an_aarch64_libpython(
    testbins: Path, tmp_path: Path, hidden: bool
) -> None:
    code = require_file(testbins, CFFI_ARM + ".stripped").read_bytes()
    info = linux_python_json("3.13", RELEASE, triple="aarch64-unknown-linux-gnu")
    spec = to_install_only(synthetic_full_spec(info, release=RELEASE))
    assert LIBPYTHON in spec.members
    spec.members[LIBPYTHON] = _hide_libffi_symbols(code) if hidden else code
    inventory = licscan.scan(write_archive(spec, tmp_path / NAME))
    (facts,) = [b for b in inventory.binaries if b.member == LIBPYTHON]
    assert facts.architectures == ("aarch64",)
    libffi = inventory.component("libffi")
    assert libffi is not None
    (sighting,) = [s for s in libffi.sightings if s.member == LIBPYTHON]
    assert sighting.family == "libffi"
    assert sighting.evidence[0] == describe(ARM_NEEDLE)
    symbols = [e for e in sighting.evidence if e.startswith("symbol ")]
    assert (symbols == []) if hidden else len(symbols) >= 2
    assert libffi.concluded.expression == "MIT"
