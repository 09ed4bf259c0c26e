"""Templates compiled ahead of time (#10): current with `templates/`, used when current, and
never used when not (the template is compiled from its source instead)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest

from licscan.render import compiled, jinja_env
from licscan.resources import templates_dir
from tests.generated import generated_for

TEMPLATE_NAMES = sorted(compiled.TEMPLATES)

CURRENT = generated_for(
    "licscan/render/compiled/",
    compiled.JINJA2,
    jinja2.__version__,
    "python -m licscan.render.jinja_env --update",
)


def _env(folder: Path, autoescape: bool) -> jinja2.Environment:
    return jinja_env._environment(autoescape, jinja_env.PrecompiledLoader(str(folder)))


def _no_compiling(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (instead of doing) every compilation from source in `env`."""
    compiled_names: list[str] = []
    real = env.compile

    def compile_source(source: str, name: str | None = None, *args: Any, **kw: Any) -> Any:
        compiled_names.append(str(name))
        return real(source, name, *args, **kw)

    monkeypatch.setattr(env, "compile", compile_source)
    return compiled_names


@CURRENT
def test_the_compiled_templates_are_current() -> None:
    stale = jinja_env.stale()
    assert not stale, (
        f"licscan/render/compiled/ is not what templates/ and jinja2 {jinja2.__version__} give "
        f"({', '.join(stale)}): run `python -m licscan.render.jinja_env --update`"
    )


@CURRENT
def test_every_template_is_compiled_ahead_of_time() -> None:
    on_disk = sorted(
        str(p.relative_to(templates_dir())).replace("\\", "/")
        for p in templates_dir().rglob("*.j2")
    )
    assert on_disk == TEMPLATE_NAMES
    assert jinja2.__version__ == compiled.JINJA2


@CURRENT
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_a_current_template_is_not_compiled_again(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _env(templates_dir(), jinja_env.escapes(name))
    compiled_names = _no_compiling(env, monkeypatch)
    template = env.get_template(name)
    assert template.name == name
    assert compiled_names == []


@CURRENT
def test_the_renderers_environments_use_the_compiled_code() -> None:
    from licscan.render import html, notice

    for env, escaped in ((notice._environment(), False), (html._environment(), True)):
        assert isinstance(env.loader, jinja_env.PrecompiledLoader)
        assert env.autoescape is escaped
    assert jinja_env.precompiled("NOTICE.txt.j2", _source("NOTICE.txt.j2"), False) is not None
    assert jinja_env.precompiled("review.html.j2", _source("review.html.j2"), True) is not None


def _source(name: str) -> str:
    return (templates_dir() / name).read_text(encoding="utf-8")


def test_an_edited_template_is_compiled_from_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(templates_dir(), folder)
    edited = folder / "NOTICE.txt.j2"
    edited.write_text("EDITED {{ title }}\n" + edited.read_text(encoding="utf-8"), "utf-8")
    env = _env(folder, autoescape=False)
    compiled_names = _no_compiling(env, monkeypatch)
    env.get_template("NOTICE.txt.j2")
    assert compiled_names == ["NOTICE.txt.j2"]
    source = edited.read_text(encoding="utf-8")
    assert jinja_env.precompiled("NOTICE.txt.j2", source, False) is None


def test_an_edited_template_renders_its_new_text(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "review").mkdir(parents=True)
    (folder / "review.html.j2").write_text("NEW {{ tool_version }}\n", "utf-8")
    page = _env(folder, autoescape=True).get_template("review.html.j2").render(tool_version="<1>")
    assert page == "NEW &lt;1&gt;\n"


def test_other_jinja2_or_autoescape_compiles_from_source(monkeypatch: pytest.MonkeyPatch) -> None:
    source = _source("NOTICE.txt.j2")
    assert jinja_env.precompiled("NOTICE.txt.j2", source, True) is None  # compiled unescaped
    assert jinja_env.precompiled("NOTICE.txt.j2", source, lambda _n: False) is None
    assert jinja_env.precompiled("unknown.j2", source, False) is None
    monkeypatch.setattr(compiled, "JINJA2", "0.0")
    assert jinja_env.precompiled("NOTICE.txt.j2", source, False) is None
    env = _env(templates_dir(), autoescape=False)
    compiled_names = _no_compiling(env, monkeypatch)
    env.get_template("NOTICE.txt.j2")
    assert compiled_names == ["NOTICE.txt.j2"]


def test_update_rewrites_what_is_stale_and_removes_what_is_extra(tmp_path: Path) -> None:
    folder = tmp_path / "compiled"
    shutil.copytree(jinja_env.COMPILED_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    assert jinja_env.stale(folder) == []
    (folder / "notice_txt.py").write_text("# edited\n", "utf-8")
    (folder / "old_template_html.py").write_text("# gone\n", "utf-8")
    (folder / "review_html.py").unlink()
    assert jinja_env.stale(folder) == ["notice_txt.py", "old_template_html.py", "review_html.py"]
    assert jinja_env.update(folder) == ["notice_txt.py", "old_template_html.py", "review_html.py"]
    assert jinja_env.stale(folder) == []
    assert not (folder / "old_template_html.py").exists()


def test_module_names_are_distinct_and_python_names() -> None:
    names = [jinja_env.module_name(n) for n in TEMPLATE_NAMES]
    assert jinja_env.module_name("review/components.html.j2") == "review_components_html"
    assert len(set(names)) == len(names)
    assert all(n.isidentifier() for n in names)


def _template_frame(env: jinja2.Environment, name: str) -> tuple[str, int]:
    """(file, line) of the template's frame in the traceback of a render that lacks a value."""
    import traceback

    with pytest.raises(jinja2.UndefinedError) as caught:
        env.get_template(name).render()
    frames = [
        f for f in traceback.extract_tb(caught.value.__traceback__) if "templates" in f.filename
    ]
    assert frames, "no template frame"
    return frames[-1].filename, frames[-1].lineno or 0


@pytest.mark.parametrize("name", ["NOTICE.txt.j2", "review.html.j2"])
def test_errors_point_into_the_template_as_when_compiled_from_source(name: str) -> None:
    escaped = jinja_env.escapes(name)
    from_source = jinja_env._environment(escaped, jinja2.FileSystemLoader(str(templates_dir())))
    where = _template_frame(_env(templates_dir(), escaped), name)
    assert where == _template_frame(from_source, name)
    assert where[0].endswith(name.split("/")[-1]) and where[1] > 0
