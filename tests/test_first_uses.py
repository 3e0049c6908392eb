"""Finding glossary terms in text and their first use in a built article (views/render.py: TermFinder, first_uses),
without a build: the fixture curriculum's terms (tests/fixtures/mini) in hand-made HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.content.curriculum import load_curriculum
from handbook.views.render import TermFinder, first_uses, trie_pattern

CURRICULUM = load_curriculum(Path(__file__).parent / "fixtures" / "mini")
TERMS = {term.id: term for term in CURRICULUM.glossary.terms}
PRACTICE, TEAM = TERMS["fx-practice"], TERMS["fx-team"]


def finder(lang: str) -> TermFinder:
    return TermFinder.of(CURRICULUM.glossary.terms, lang)


def linked(html: str, lang: str = "ja") -> list[tuple[str, str]]:
    """(term id, the text that would become its link) for each first use, in order."""
    return [(use.term.id, use.text) for use in first_uses(html, finder(lang), CURRICULUM.terms)]


# --- The names as a trie --------------------------------------------------------------------------------------------

WORDS = ["課題", "事前課題", "課題設定", "地域", "地域づくり", "地域づくり人材", "人材", "ab", "abcd", "abce", "a.b"]


@pytest.mark.parametrize("text", ["事前課題と課題設定の地域づくり人材", "地域づくりの人材", "abcd abc abce abx a.b axb", "課題課題設定"])
def test_the_trie_finds_what_the_list_of_alternatives_finds_longest_first(text):
    alternatives = re.compile("|".join(re.escape(word) for word in sorted(WORDS, key=len, reverse=True)))
    assert [m.group(0) for m in re.finditer(trie_pattern(WORDS), text)] == [m.group(0) for m in alternatives.finditer(text)]


def test_the_longest_name_wins_and_special_characters_are_literal():
    assert re.fullmatch(trie_pattern(WORDS), "地域づくり人材")
    assert [m.group(0) for m in re.finditer(trie_pattern(WORDS), "a.b axb")] == ["a.b"]


# --- TermFinder ----------------------------------------------------------------------------------------------------

def test_japanese_names_and_aliases_are_found_longest_first():
    text = f"{PRACTICE.term.ja}と{PRACTICE.aliases[0]}と{TEAM.term.ja}"
    found = [(text[start:end], term.id) for start, end, term in finder("ja").matches(text)]
    assert found == [(PRACTICE.term.ja, PRACTICE.id), (PRACTICE.aliases[0], PRACTICE.id), (TEAM.term.ja, TEAM.id)]


def test_english_names_are_found_in_any_case_as_written_and_only_as_whole_words():
    name = TEAM.term.en
    text = f"The {name.upper()} met; {name.title()}s and {name}ing; un{name}."
    found = [(text[start:end], term.id) for start, end, term in finder("en").matches(text)]
    # The letters as the text writes them; not inside a longer word ("…ing", "un…").
    assert found == [(name.upper(), TEAM.id)]


# --- The first use of each term in an article --------------------------------------------------------------------

def test_only_the_first_use_of_each_term_in_running_text_is_linked():
    team = TEAM.term.ja
    html = f"<p>{team}は{PRACTICE.term.ja}を支える。</p><p>{team}</p>"
    assert linked(html) == [(TEAM.id, team), (PRACTICE.id, PRACTICE.term.ja)]
    first = first_uses(html, finder("ja"), CURRICULUM.terms)[0]
    assert html[first.start : first.end] == team and first.start == html.index(team)


@pytest.mark.parametrize("before", [
    '<p title="{t}">',  # inside a tag (an attribute)
    '<p>1 > 0 <span title="{t}"></span></p>',  # inside a tag after a ">" in the text
    "<h2>{t}</h2>",  # headings: the table of contents repeats them
    '<p><a href="#">{t}</a></p>',  # inside a link
    '<p class="hb-source">出典：{t}</p>',  # a source line names a section or an organisation
    '<div class="hb-source"><div>x</div>{t}</div>',  # the same element nested inside: still the source line
    "<!-- {t} -->",  # a comment
    "<SVG><text>{t}</text></SVG>",  # tags in any case
    '<P><A HREF="#">{t}</A></P>',
    '<p class="hb-source hb-source--local" data-source="local">{t}</p>',  # a local source (the class twice)
    '<p title="a<b" class="hb-source">{t}</p>',  # a "<" in an attribute before the class
    '<p class="hb-source"><a href="#">x</a>{t}</p>',  # an element that allows none, inside a source line
])
def test_no_link_inside_tags_comments_or_elements_that_allow_none(before):
    team = TEAM.term.ja
    html = before.format(t=team) + f"<p>本文の{team}</p>"
    uses = first_uses(html, finder("ja"), CURRICULUM.terms)
    assert [(use.term.id, use.start) for use in uses] == [(TEAM.id, html.rindex(team))]


def test_tags_inside_a_comment_and_self_closed_elements_block_nothing():
    team = TEAM.term.ja
    for before in ["<!-- <a href='#'> -->", "<svg/>", '<img class="hb-source" src="x.png">']:
        assert linked(f"<p>{before}{team}</p>") == [(TEAM.id, team)]


def test_an_element_never_closed_blocks_the_rest_of_the_article():
    assert linked(f"<h2>見出し<p>{TEAM.term.ja}</p>") == []


def test_a_tooltip_holding_only_text_becomes_the_link_when_it_is_the_first_use():
    team = TEAM.term.ja
    tooltip = f'<abbr title="…" data-term="{TEAM.id}">{team}</abbr>'
    html = f"<p>{tooltip}と{team}</p>"
    [use] = first_uses(html, finder("ja"), CURRICULUM.terms)
    assert (use.term.id, use.text, html[use.start : use.end]) == (TEAM.id, team, tooltip)
    # After a use in the text, a tooltip stays as it is; one holding more than text is never replaced.
    later = f"<p>{team}と{tooltip}</p>"
    [use] = first_uses(later, finder("ja"), CURRICULUM.terms)
    assert (use.start, use.end) == (later.index(team), later.index(team) + len(team))
    nested = f'<p><abbr data-term="{TEAM.id}"><b>{team}</b></abbr></p>'
    assert linked(nested) == []


def test_english_first_uses_keep_the_case_of_the_article():
    name = TEAM.term.en
    html = f"<p>{name.capitalize()} and {name}.</p>"
    assert linked(html, "en") == [(TEAM.id, name.capitalize())]
