"""The site layer's checks on built HTML, without a build: what stops a build before Material's search indexes
text that a page marks as left out of search."""

from __future__ import annotations

import pytest

from handbook.site.site_hooks import search_exclusion_leaks


@pytest.mark.parametrize(("html", "leaks"), [
    # Material's search parser would end the exclusion at the inner </span>: the rest of the line leaks.
    ('<p><span class="hb-source" data-search-exclude><span>出典</span>：I-1</span></p>', ["span"]),
    ('<div data-search-exclude=""><div>text</div></div>', ["div"]),
    # Another tag inside is harmless; so is the same tag beside (not inside) the excluded element.
    ('<small data-search-exclude><span>出典</span>：<span>I-1</span></small>', []),
    ('<span data-search-exclude>出典</span><span>本文</span>', []),
    # Void and self-closed elements never enclose anything.
    ('<span data-search-exclude><br><img src="a.png"/>出典</span>', []),
    # Tags inside comments, scripts and styles are no elements.
    ('<span data-search-exclude><!-- <span> -->出典</span>', []),
    ('<span data-search-exclude><script>const s = "<span>";</script>出典</span>', []),
    # An attribute that only starts with the name is another attribute; case does not matter for tags.
    ('<span data-search-exclude-not><span>本文</span></span>', []),
    ('<SPAN data-search-exclude><Span>出典</Span></SPAN>', ["span"]),
    ("<p>no exclusion at all</p>", []),
    # Text that names the attribute (a page explaining it) is no element.
    ("<p><code>&lt;span data-search-exclude&gt;</code><span>本文</span></p>", []),
    ("<p>a > b data-search-exclude <span>x</span></p>", []),
    # A "<" inside an attribute's value before it: the tag is still the one the attribute is in.
    ('<span title="a<b" data-search-exclude><span>出典</span></span>', ["span"]),
])
def test_an_excluded_element_holding_its_own_tag_is_found(html, leaks):
    assert search_exclusion_leaks(html) == leaks
