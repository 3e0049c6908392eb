"""The site layer's work on built HTML, without a build: what stops a build before Material's search indexes
text that a page marks as left out of search; what it takes out of the theme's head; the descriptions it gives pages."""

from __future__ import annotations

import pytest

from handbook.site.site_hooks import page_description, search_exclusion_leaks, without_head_alternates


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


HEAD = ('<html>\n<head>\n  <link rel="canonical" href="https://example.invalid/a/">\n'
        '  <link rel="alternate" href="./" hreflang="ja">\n\t<link rel="alternate" href="../en/a/" hreflang="en">\n'
        '  <link rel="stylesheet" href="s.css">\n</head>\n')


@pytest.mark.parametrize(("output", "expected"), [
    # Both hreflang links go, each with its line; the rest of the head stays as it was.
    (HEAD + "<body></body>", HEAD.replace('\n  <link rel="alternate" href="./" hreflang="ja">', "")
                              .replace('\n\t<link rel="alternate" href="../en/a/" hreflang="en">', "") + "<body></body>"),
    # In the body (a page showing the markup, the language switcher) nothing is touched.
    ('<head></head>\n<link rel="alternate" href="x" hreflang="en">', '<head></head>\n<link rel="alternate" href="x" hreflang="en">'),
    # A link that is no hreflang pair stays; a document without </head> (a fragment) is all head.
    ('<head>\n<link rel="alternate" href="feed.xml"></head>', '<head>\n<link rel="alternate" href="feed.xml"></head>'),
    ('\n<link rel="alternate" href="x" hreflang="en">', ""),
    ('<link rel="alternate" href="x" hreflang="en">', '<link rel="alternate" href="x" hreflang="en">'),
])
def test_the_heads_hreflang_links_are_dropped(output, expected):
    assert without_head_alternates(output) == expected


class _Page:
    def __init__(self, meta: dict):
        self.meta = meta


@pytest.mark.parametrize(("content", "meta", "expected"), [
    # The first paragraph long enough, as plain text (tags out, entities read, spaces folded).
    ("<p>短い</p><p>これは二十文字を超える最初の段落で、<a href='x'>リンク</a>も&amp;も含みます。</p><p>二つ目の十分に長い段落はここにあります。</p>",
     {}, "これは二十文字を超える最初の段落で、リンクも&amp;も含みます。"),
    # One set in front matter (or by a page function) stays.
    ("<p>これは二十文字を超える最初の段落で、説明にはなりません。</p>", {"description": "前からの説明"}, "前からの説明"),
    ("<p>短い</p>", {}, None),
])
def test_a_page_gets_its_first_long_paragraph_as_description(content, meta, expected):
    page = _Page(dict(meta))
    page_description(content, page)
    assert page.meta.get("description") == expected
