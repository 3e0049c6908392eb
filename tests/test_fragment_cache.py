"""`{% cached key %}` (views/render.py: FragmentCache): a fragment made once per key and Renderer, without a build."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from handbook.views.render import FragmentCache


def environment() -> tuple[Environment, list[str]]:
    made: list[str] = []

    def make(name: str) -> str:
        made.append(name)
        return f"<{name}>"

    env = Environment(loader=DictLoader({"page.html": "{% cached (kind, name) %}{{ make(name) }}{% endcached %}"}),
                      autoescape=True, extensions=[FragmentCache])
    env.globals["make"] = make
    return env, made


def test_a_fragment_is_made_once_per_key_and_shown_every_time():
    env, made = environment()
    page = env.get_template("page.html")
    shown = [page.render(kind="figure", name=name) for name in ["a", "b", "a", "a", "b"]]
    assert shown == ["&lt;a&gt;", "&lt;b&gt;", "&lt;a&gt;", "&lt;a&gt;", "&lt;b&gt;"]  # escaped as ever
    assert made == ["a", "b"]
    assert page.render(kind="other", name="a") == "&lt;a&gt;" and made == ["a", "b", "a"]  # the whole key counts


def test_each_environment_has_its_own_fragments():
    (first, made_first), (second, made_second) = environment(), environment()
    first.get_template("page.html").render(kind="figure", name="a")
    second.get_template("page.html").render(kind="figure", name="a")
    assert made_first == made_second == ["a"]
