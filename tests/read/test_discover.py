"""Finding Python installations by their layout, at any depth (licscan.read.discover)."""

from __future__ import annotations

import pytest

from licscan.errors import ArchiveError
from licscan.model import ArchiveContents, Container, Member
from licscan.read.discover import find_roots, installations

PBS_FULL = [
    "python/PYTHON.json",
    "python/install/bin/python3.9",
    "python/install/lib/python3.9/os.py",
]
UNIX = ["bin/python3.12", "lib/python3.12/os.py", "BUILD"]
WINDOWS = ["python.exe", "Lib/os.py", "DLLs/_ssl.pyd", "python311.dll"]


def members(*names: str) -> list[Member]:
    return [Member(name, 1) for name in names]


def under(root: str, names: list[str]) -> list[str]:
    return [f"{root}/{n}" for n in names]


def test_a_pbs_full_archive_is_one_installation_not_two() -> None:
    assert find_roots(members(*PBS_FULL, "python/build/lib/libz.a")) == ["python"]


def test_a_full_archive_without_python_json_is_still_full() -> None:
    names = [n for n in PBS_FULL if not n.endswith("PYTHON.json")] + ["python/build/x.o"]
    assert find_roots(members(*names)) == ["python"]


def test_installations_are_found_at_any_depth_and_each_is_reported() -> None:
    names = [
        *under("addons/pythonscript/x11-64", ["bin/python3.8", "lib/python3.8/os.py"]),
        *under("MyApp/runtime/windows", WINDOWS),
        *under("deep/er/cpython-3.12.7-linux-x86_64-gnu", UNIX),
        "README.md",
        "lib/libfoo.so",
    ]
    assert find_roots(members(*names)) == [
        "MyApp/runtime/windows",
        "addons/pythonscript/x11-64",
        "deep/er/cpython-3.12.7-linux-x86_64-gnu",
    ]


def test_the_container_itself_can_be_the_installation() -> None:
    assert find_roots(members(*UNIX)) == [""]


def test_virtual_environments_and_half_layouts_are_not_installations() -> None:
    venv = under("app/.venv", ["bin/python3.12", "lib/python3.12/site-packages/x.py", "pyvenv.cfg"])
    no_stdlib = ["tools/bin/python3.11"]
    no_dlls = ["win/python.exe", "win/Lib/os.py"]
    assert find_roots(members(*venv, *no_stdlib, *no_dlls)) == []


def _contents(names: list[str]) -> ArchiveContents:
    return ArchiveContents(
        source="bundle.tar",
        file_name="bundle.tar",
        container=Container.TAR,
        sha256="0" * 64,
        size=0,
        members=tuple(members(*names)),
        kept={"MyApp/runtime/lib/python3.12/LICENSE.txt": b"text", "other/LICENSE.txt": b"x"},
    )


def test_each_view_is_renamed_under_python_and_keeps_only_its_own_members() -> None:
    names = [*under("MyApp/runtime", UNIX[:2]), "MyApp/runtime/lib/python3.12/LICENSE.txt"]
    (view,) = installations(_contents([*names, "other/LICENSE.txt"]))
    assert view.root == "MyApp/runtime"
    assert [m.name for m in view.members] == [
        "python/bin/python3.12",
        "python/lib/python3.12/os.py",
        "python/lib/python3.12/LICENSE.txt",
    ]
    assert dict(view.kept) == {"python/lib/python3.12/LICENSE.txt": b"text"}


def test_a_container_without_an_installation_is_refused_with_what_was_looked_for() -> None:
    with pytest.raises(ArchiveError, match=r"holds no Python installation.*bin/python3\.X"):
        installations(_contents(["README.md", "src/app.py"]))


@pytest.mark.parametrize("root", ["", ".venv", "app/.venv"])
def test_a_lone_virtual_environment_is_refused_as_one_with_where_to_look(root: str) -> None:
    """`licscan check .venv`: a venv has no Python of its own; the line says it is one and
    that the installation its pyvenv.cfg names as `home` is what to scan."""
    names = ["bin/python3.12", "lib/python3.12/site-packages/x.py", "pyvenv.cfg"]
    with pytest.raises(ArchiveError) as caught:
        installations(_contents([f"{root}/{n}" if root else n for n in names]))
    message = str(caught.value)
    assert message.startswith(f"bundle.tar holds a virtual environment ({root or '.'})")
    assert "pyvenv.cfg names as home" in message and "\n" not in message
