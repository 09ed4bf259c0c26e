"""Property tests over the readers (brief, deterministic: CI runs them in a few seconds).

For any bytes, a reader returns or raises a LicscanError of one short line; never another
exception, a hang or a traceback. The long campaign is `bench/fuzz.py` (README "Fuzzing")."""

from __future__ import annotations

import json
import random
import tarfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licscan.read.tar_header import fast_header
from tests.hostile.fuzzing import (
    binary_seeds,
    compressed,
    crash_of,
    json_seeds,
    mutate,
    read_binary,
    tar_seeds,
)

BRIEF = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
TAR_SEEDS = tar_seeds()
JSON_SEEDS = json_seeds()
BINARY_SEEDS = binary_seeds()


@BRIEF
@given(st.integers(0, len(TAR_SEEDS) - 1), st.integers(0, 4), st.integers(0, 2**32))
def test_mutated_archives_in_every_container(seed: int, kind: int, rnd: int) -> None:
    data = compressed(mutate(TAR_SEEDS[seed], random.Random(rnd)), kind)
    assert crash_of("tar", data) is None


@BRIEF
@given(st.integers(0, len(TAR_SEEDS) - 1), st.integers(1, 4), st.integers(0, 2**32))
def test_mutated_compressed_streams(seed: int, kind: int, rnd: int) -> None:
    data = mutate(compressed(TAR_SEEDS[seed], kind), random.Random(rnd))
    assert crash_of("tar+inspect", data) is None


@BRIEF
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    assert crash_of("tar", data) is None
    assert crash_of("json", data) is None
    assert crash_of("binary", data) is None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "version",
                    "python_version",
                    "build_info",
                    "core",
                    "extensions",
                    "links",
                    "name",
                    "licenses",
                    "license_paths",
                    "objs",
                ]
            )
            | st.text(max_size=8),
            inner,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@BRIEF
@given(JSON_VALUES)
def test_random_python_json_structures(value: object) -> None:
    data = json.dumps({"version": "8", "python_version": "3.12.1", "build_info": value})
    assert crash_of("json", data.encode("utf-8", "surrogatepass")) is None
    assert crash_of("json", json.dumps(value).encode("utf-8", "surrogatepass")) is None


@BRIEF
@given(st.integers(0, len(JSON_SEEDS) - 1), st.integers(0, 2**32))
def test_mutated_python_json(seed: int, rnd: int) -> None:
    assert crash_of("json", mutate(JSON_SEEDS[seed], random.Random(rnd))) is None


@BRIEF
@given(st.integers(0, len(BINARY_SEEDS) - 1), st.integers(0, 2**32), st.binary(max_size=64))
def test_random_binary_headers(seed: int, rnd: int, splice: bytes) -> None:
    data = bytearray(mutate(BINARY_SEEDS[seed], random.Random(rnd)))
    at = rnd % max(len(data), 1)
    data[at : at + len(splice)] = splice
    assert crash_of("binary", bytes(data)) is None


@BRIEF
@given(st.integers(0, len(TAR_SEEDS) - 1), st.integers(0, 2**32))
def test_the_fast_header_parser_agrees_with_tarfile(seed: int, rnd: int) -> None:
    data = mutate(TAR_SEEDS[seed], random.Random(rnd))
    for offset in range(0, len(data) - 511, 512):
        header = data[offset : offset + 512]
        fast = fast_header(header)
        if fast is None:
            continue
        info = tarfile.TarInfo.frombuf(header, "utf-8", "surrogateescape")
        assert (fast.name, fast.type, fast.size, fast.mtime, fast.linkname) == (
            info.name, info.type, info.size, info.mtime, info.linkname,
        )  # fmt: skip


def test_found_by_fuzzing_an_elf_prefix_of_five_bytes() -> None:
    read_binary(b"\x7fELF\x02")  # IndexError in the header planner before the fix
