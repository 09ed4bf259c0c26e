"""Container images: OCI layouts and `docker save` tars, layers applied with whiteouts."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import zstandard

import licscan
from licscan.model import Container, Inventory, ReleaseSource
from licscan.read import Limits, layout, read_archive
from tests.builders import ArchiveSpec, era_archive, relocate, to_install_only, write_archive
from tests.builders.image import LayerSpec, Packing, write_image
from tests.render.test_render_formats import _documented_keys, _objects

KEY = "root/.local/share/uv/python/cpython-3.14.0-linux-x86_64-gnu"
RELEASE = "20260814"
PACKINGS: list[Packing] = ["oci-dir", "oci-tar", "docker", "docker-oci"]
CONTAINERS = {
    "oci-dir": Container.OCI_LAYOUT,
    "oci-tar": Container.OCI_ARCHIVE,
    "docker": Container.DOCKER_ARCHIVE,
    "docker-oci": Container.DOCKER_ARCHIVE,
}


def uv_python(
    root: str = KEY, era: str = "linux-3.14-20260814", build: str = RELEASE
) -> ArchiveSpec:
    spec = relocate(to_install_only(era_archive(era)), root)
    spec.members[f"{root}/BUILD"] = f"{build}\n".encode()
    return spec


def dbm_module(spec: ArchiveSpec) -> str:
    return next(n for n in spec.members if "/lib-dynload/_dbm" in n)


BASE = LayerSpec(
    ArchiveSpec(None, {"etc/os-release": b"ID=debian\n", "usr/bin/sh": b"#!shell\n"}),
    compression="tar",
)
APP = LayerSpec(
    ArchiveSpec(None, {"app/main.py": b"print('hello')\n", "app/README": b"an app\n"}),
    compression="zst",
)


def three_layers(*, delete_dbm: bool = True) -> list[LayerSpec]:
    """A base, a uv-managed Python (gzip), a whiteout of its `_dbm` module, an app (zstd)."""
    python = uv_python()
    layers = [BASE, LayerSpec(python, compression="gz")]
    if delete_dbm:
        layers.append(LayerSpec(deleted=[dbm_module(python)], compression="tar"))
    return [*layers, APP]


def plain(tmp_path: Path, spec: ArchiveSpec) -> Inventory:
    """The same installation given directly: a uv folder."""
    folder = tmp_path / "plain" / KEY.rsplit("/", 1)[1]
    return licscan.scan(write_archive(relocate(spec, ""), folder, container="dir"))


def judged(inventory: Inventory) -> tuple[object, ...]:
    verdict = licscan.judge(inventory)
    return (
        [(c.key, c.version, c.concluded.expression) for c in inventory.components],
        sorted((f.id, f.component) for f in verdict.findings),
        inventory.release,
        inventory.python_version,
        inventory.target_triple,
    )


@pytest.mark.parametrize("packing", PACKINGS)
def test_an_image_is_judged_as_its_final_file_system_with_the_whiteout_applied(
    tmp_path: Path, packing: Packing
) -> None:
    image = write_image(three_layers(), tmp_path / "image", packing=packing)
    (found,) = licscan.scan_all(image)
    assert found.archive.container is CONTAINERS[packing]
    assert found.archive.root == KEY
    final = uv_python()
    del final.members[dbm_module(final)]
    assert judged(found) == judged(plain(tmp_path, final))
    assert found.release.source is ReleaseSource.BUILD_FILE and found.release.tag == RELEASE
    findings = licscan.judge(found).findings
    assert not [f for f in findings if f.id == "source-offer"]  # _dbm (Berkeley DB) is gone
    origin = found.archive.origin
    assert origin is not None and origin.kind is CONTAINERS[packing]
    assert origin.platform == "linux/amd64"
    assert origin.name == ("1.0" if packing.startswith("oci") else "example.com/app:1.0")
    assert [layer.index for layer in origin.layers] == [1]  # the Python's files: layer 1
    assert origin.digest is not None and origin.digest.startswith("sha256:")
    assert found.archive.sha256 == origin.digest.removeprefix("sha256:")


def test_without_the_whiteout_the_dbm_module_brings_its_source_offer(tmp_path: Path) -> None:
    image = write_image(three_layers(delete_dbm=False), tmp_path / "image.tar", packing="oci-tar")
    (found,) = licscan.scan_all(image)
    assert judged(found) == judged(plain(tmp_path, uv_python()))
    offers = [f for f in licscan.judge(found).findings if f.id == "source-offer"]
    assert [f.component for f in offers] == ["bdb"]


def test_every_output_names_the_image_its_platform_and_the_layer(tmp_path: Path) -> None:
    image = write_image(three_layers(), tmp_path / "image.tar", packing="docker-oci")
    (found,) = licscan.scan_all(image)
    report = licscan.Report(found, licscan.judge(found))
    document = json.loads(licscan.render_report(report, "json"))
    documented = _documented_keys()  # the origin and its layers as data/inventory-schema.md says
    for path, keys in _objects(document, ""):
        if path.startswith("distribution.archive"):  # the archive, its origin and layers
            assert keys == documented[path], path
    origin = document["distribution"]["archive"]["origin"]
    assert origin["name"] == "example.com/app:1.0" and origin["platform"] == "linux/amd64"
    assert [layer["index"] for layer in origin["layers"]] == [1]
    assert origin["layers"][0]["media_type"].endswith("tar+gzip")
    for fmt in ("notice", "cyclonedx", "spdx", "spdx3", "html"):
        out = licscan.render_report(report, fmt)
        assert b"example.com/app:1.0" in out and b"linux/amd64" in out, fmt
        assert origin["layers"][0]["digest"][:19].encode() in out, fmt


def test_a_deleted_file_is_absent_and_an_opaque_folder_hides_what_was_below(
    tmp_path: Path,
) -> None:
    lower = LayerSpec(
        ArchiveSpec(None, {"srv/a/x": b"x", "srv/a/y": b"y", "srv/b/z": b"z", "srv/keep": b"k"})
    )
    upper = LayerSpec(
        ArchiveSpec(None, {"srv/a/new": b"new", "srv/keep": b"replaced"}),
        deleted=["srv/b"],
        opaque=["srv/a"],
    )
    files = LayerSpec(uv_python(), compression="zst")
    image = write_image([files, lower, upper], tmp_path / "image", packing="oci-dir")
    contents = read_archive(image, keep=layout.keep)
    names = {m.name: m for m in contents.members}
    assert "srv/a/x" not in names and "srv/a/y" not in names  # hidden by .wh..wh..opq
    assert "srv/b/z" not in names and "srv/b" not in names  # deleted with .wh.b
    assert names["srv/a/new"].layer == 2 and names["srv/keep"].layer == 2
    assert names["srv/keep"].size == len(b"replaced")
    assert not any(".wh." in n for n in names)


def test_an_installation_replaced_in_a_later_layer_is_judged_as_replaced(
    tmp_path: Path,
) -> None:
    older = uv_python(era="linux-3.9-20221220", build="20221220")
    newer = LayerSpec(older, opaque=[KEY], compression="zst")
    image = write_image([BASE, LayerSpec(uv_python()), newer], tmp_path / "i.tar", packing="docker")
    (found,) = licscan.scan_all(image)
    assert found.python_version == "3.9.16" and found.release.tag == "20221220"
    assert judged(found) == judged(plain(tmp_path, older))
    assert {f.component for f in licscan.judge(found).violations} == {"gdbm", "readline"}
    assert found.archive.origin is not None
    assert [la.index for la in found.archive.origin.layers] == [2]


def test_a_build_stage_and_a_runtime_python_are_reported_each(tmp_path: Path) -> None:
    build = LayerSpec(
        uv_python("opt/build/cpython-3.9.16-linux-x86_64-gnu", "linux-3.9-20221220", "20221220")
    )
    image = write_image([BASE, build, *three_layers()[1:]], tmp_path / "i.tar", packing="oci-tar")
    found = licscan.scan_all(image)
    assert [i.archive.root for i in found] == ["opt/build/cpython-3.9.16-linux-x86_64-gnu", KEY]
    assert [[la.index for la in i.archive.origin.layers] for i in found if i.archive.origin] == [
        [1],
        [2],
    ]
    out = tmp_path / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "licscan", "report", str(image), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    docs = sorted(out.glob("*/*.licscan.json"))
    assert len(docs) == 2
    origins = [json.loads(p.read_text())["distribution"]["archive"]["origin"] for p in docs]
    assert sorted(o["layers"][0]["index"] for o in origins) == [1, 2]
    page = (out / "index.html").read_text()  # one row per installation, with its layer
    assert page.count('href="') == 2
    assert "opt/build/cpython-3.9.16-linux-x86_64-gnu (layer 1)" in page
    assert f"{KEY} (layer 2)" in page


def test_an_image_tar_with_two_images_is_refused_with_their_names(tmp_path: Path) -> None:
    one = write_image([BASE, APP], tmp_path / "one", packing="oci-dir", tag="a.example/one:1")
    two = write_image([BASE], tmp_path / "two", packing="oci-dir", tag="a.example/two:2")
    index = json.loads((one / "index.json").read_text())
    index["manifests"] += json.loads((two / "index.json").read_text())["manifests"]
    (one / "index.json").write_text(json.dumps(index))
    for blob in (two / "blobs" / "sha256").iterdir():
        (one / "blobs" / "sha256" / blob.name).write_bytes(blob.read_bytes())
    with pytest.raises(licscan.InputError, match=r"holds 2 images \(1 \(linux/amd64\), 2 "):
        licscan.scan_all(one)


def test_an_image_on_stdin_is_refused_with_what_to_do(tmp_path: Path) -> None:
    image = write_image(three_layers(), tmp_path / "i.tar", packing="docker")
    result = subprocess.run(
        [sys.executable, "-m", "licscan", "scan", "-"],
        input=image.read_bytes(),
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert b"container image" in result.stderr and b"as a file" in result.stderr


@pytest.mark.parametrize("packing", ["docker", "docker-oci", "oci-tar"])
@pytest.mark.parametrize("compression", ["gz", "zst"])
def test_a_compressed_image_tar_is_read_in_two_passes_as_the_plain_one(
    tmp_path: Path, packing: Packing, compression: str
) -> None:
    image = write_image(three_layers(), tmp_path / "i.tar", packing=packing)
    (expected,) = licscan.scan_all(image)
    packed = tmp_path / f"i.tar.{compression}"
    raw = image.read_bytes()
    compressed = gzip.compress(raw, mtime=0) if compression == "gz" else zstandard.compress(raw)
    packed.write_bytes(compressed)
    (found,) = licscan.scan_all(packed)
    assert judged(found) == judged(expected)
    assert found.archive.origin == expected.archive.origin
    assert found.archive.sha256 == expected.archive.sha256  # the manifest digest
    assert not [f for f in licscan.judge(found).findings if f.id == "source-offer"]

    def members(path: Path) -> list[tuple[str, int | None, str | None]]:
        found = read_archive(path, keep=layout.keep).members
        return sorted((m.name, m.layer, m.sha256) for m in found)

    assert members(packed) == members(image)


def test_a_compressed_image_tar_with_a_lying_digest_is_refused(tmp_path: Path) -> None:
    image = write_image(three_layers(), tmp_path / "i.tar", packing="oci-tar", lie_about_layer=1)
    packed = tmp_path / "i.tar.gz"
    packed.write_bytes(gzip.compress(image.read_bytes(), mtime=0))
    with pytest.raises(licscan.InputError, match=r"layer 1 .*does not match its digest"):
        licscan.scan_all(packed)


def test_a_plain_archive_starting_with_a_dot_folder_is_not_taken_for_an_image(
    tmp_path: Path,
) -> None:
    spec = relocate(to_install_only(era_archive("linux-3.9-20221220")), "")
    folder = write_archive(spec, tmp_path / "cpython-3.9.16-linux-x86_64-gnu", container="dir")
    packed = tmp_path / "py.tar.gz"
    with tarfile.open(packed, "w:gz") as tar:
        tar.add(folder, arcname=".")
    (found,) = licscan.scan_all(packed)
    assert found.python_version == "3.9.16" and found.archive.origin is None


@pytest.mark.parametrize("packing", ["oci-tar", "docker"])
def test_a_layer_that_does_not_match_its_digest_is_refused(
    tmp_path: Path, packing: Packing
) -> None:
    image = write_image(three_layers(), tmp_path / "i.tar", packing=packing, lie_about_layer=1)
    with pytest.raises(licscan.InputError, match=r"layer 1 .*does not match its digest"):
        licscan.scan_all(image)
    result = subprocess.run(
        [sys.executable, "-m", "licscan", "scan", str(image)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert "does not match its digest" in result.stderr and "Traceback" not in result.stderr


def test_an_image_without_a_python_says_what_was_looked_for(tmp_path: Path) -> None:
    image = write_image([BASE, APP], tmp_path / "i.tar", packing="oci-tar")
    with pytest.raises(licscan.InputError, match="holds no Python installation"):
        licscan.scan_all(image)


@pytest.mark.parametrize(
    ("index", "message"),
    [
        ("[]", "index.json is not a JSON object"),
        ("{", "index.json is not valid JSON"),
        ('{"manifests": 3}', "an image with no manifest whose blobs it holds"),
        ('{"manifests": [{"digest": "md5:zz"}]}', "not a content digest"),
        ('{"manifests": ["x"]}', "a manifest descriptor is not a JSON object"),
        ('{"manifests": [{"digest": "sha256:' + "0" * 64 + '"}]}', "no manifest whose blobs"),
    ],
)
def test_a_damaged_image_index_is_a_one_line_bad_input(
    tmp_path: Path, index: str, message: str
) -> None:
    image = write_image([BASE], tmp_path / "image", packing="oci-dir")
    (image / "index.json").write_text(index)
    with pytest.raises(licscan.InputError, match=message):
        licscan.scan_all(image)


def test_a_manifest_naming_a_missing_config_is_a_bad_input(tmp_path: Path) -> None:
    image = write_image([BASE], tmp_path / "image", packing="oci-dir")
    manifest = json.dumps({"config": {"digest": "sha256:" + "1" * 64}, "layers": []}).encode()
    digest = hashlib.sha256(manifest).hexdigest()
    (image / "blobs" / "sha256" / digest).write_bytes(manifest)
    (image / "index.json").write_text(json.dumps({"manifests": [{"digest": f"sha256:{digest}"}]}))
    with pytest.raises(licscan.InputError, match="has no blobs/sha256/1111"):
        licscan.scan_all(image)


def test_a_compressed_image_within_the_member_limit_only(tmp_path: Path) -> None:
    image = write_image(three_layers(), tmp_path / "i.tar", packing="docker")
    packed = tmp_path / "i.tar.zst"
    packed.write_bytes(zstandard.compress(image.read_bytes()))
    with pytest.raises(
        licscan.InputError, match=r"layers have more members: over the limit members"
    ):
        read_archive(packed, keep=layout.keep, limits=Limits(members=10))


def test_strip_refuses_an_image_and_writes_nothing(tmp_path: Path) -> None:
    image = write_image(three_layers(delete_dbm=False), tmp_path / "i.tar", packing="docker")
    with pytest.raises(licscan.UsageError, match="strip copies archives and folders"):
        licscan.strip(image, tmp_path / "out.tar")
    assert not (tmp_path / "out.tar").exists()
