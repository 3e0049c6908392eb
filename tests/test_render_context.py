"""The handbook's Jinja context (views/render.py: DirectCallContext): the pages' functions and macros are called
directly, and whatever asks for the context, the environment or the eval context still gets it. Without a build."""

from __future__ import annotations

from jinja2 import DictLoader, Environment, pass_context, pass_environment, pass_eval_context
from jinja2.runtime import Context

from handbook.views.render import DirectCallContext


def render(source: str, **values) -> str:
    """`source` rendered with the handbook's context, checked against Jinja's own."""
    shown = []
    for context_class in (DirectCallContext, Context):
        env = Environment(loader=DictLoader({"page.html": source}), autoescape=True)
        env.context_class = context_class
        shown.append(env.get_template("page.html").render(**values))
    assert shown[0] == shown[1]
    return shown[0]


class Greeter:
    def greet(self, name: str, punctuation: str = "!") -> str:
        return f"<{name}>{punctuation}"


def test_functions_methods_and_macros_get_their_arguments_in_and_out_of_loops():
    source = ("{% macro shout(word, times=1) %}{{ word * times }}{% endmacro %}"
              "{{ join(1, 2) }} {{ greeter.greet('a', punctuation='?') }} {{ shout('ho', times=2) }} {{ len('abc') }}"
              "{% for n in [1, 2] %} {{ join(n, n) }}{{ shout('x', times=n) }}{% endfor %}")
    shown = render(source, join=lambda *parts: "-".join(map(str, parts)), greeter=Greeter(), len=len)
    assert shown == "1-2 &lt;a&gt;? hoho 3 1-1x 2-2xx"  # escaped as ever


def test_what_asks_for_the_context_or_the_environment_still_gets_it():
    @pass_context
    def from_context(context, key):
        return context[key]

    @pass_environment
    def from_environment(environment):
        return type(environment).__name__

    @pass_eval_context
    def autoescaping(eval_context):
        return eval_context.autoescape

    class Callable:
        @pass_context
        def __call__(self, context):
            return context["who"]

    source = ("{{ from_context('who') }} {{ from_environment() }} {{ autoescaping() }} {{ callable() }}"
              "{% for n in [1] %}{% set who = 'loop' %} {{ from_context('who') }}{% endfor %}")
    shown = render(source, who="page", from_context=from_context, from_environment=from_environment,
                   autoescaping=autoescaping, callable=Callable())
    assert shown == "page Environment True page loop"  # in the loop, what the loop set


def test_a_function_ending_an_iteration_gives_an_undefined_value_as_in_jinja():
    def exhausted():
        raise StopIteration

    assert render("[{{ exhausted() }}]", exhausted=exhausted) == "[]"
