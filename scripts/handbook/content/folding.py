"""Folding text for search (content/search.py) and for telling spelling variants apart (models.GlossaryFile):
the same folding as the browser's search worker (docs/assets/javascripts/search-worker.js)."""

from __future__ import annotations

import functools
import re
import unicodedata

HALF_WIDTH_SOUND_MARKS = ("\uff9e", "\uff9f")  # ﾞ ﾟ: folded together with the kana before them
ACCENTS = re.compile("[\u0300-\u036f]")
# What JavaScript's \s matches (the worker folds these to a space); Python's isspace() differs at the edges.
JS_SPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")


@functools.lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).lower()
    folded = unicodedata.normalize("NFC", ACCENTS.sub("", unicodedata.normalize("NFD", folded)))
    return " " if JS_SPACE.fullmatch(folded) else folded


def fold(text: str) -> str:
    """The folded form of `text` (the worker's `fold`, character by character)."""
    out: list[str] = []
    chars = list(text)
    i = 0
    while i < len(chars):
        char = chars[i]
        if i + 1 < len(chars) and chars[i + 1] in HALF_WIDTH_SOUND_MARKS:
            char += chars[i + 1]
            i += 1
        folded = _fold_char(char)
        if not (folded == " " and out and out[-1].endswith(" ")):
            out.append(folded)
        i += 1
    return "".join(out).strip()
