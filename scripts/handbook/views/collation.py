"""Order glossary terms for their readers: 五十音 by reading in Japanese, A–Z by the term in English.

Each edition's glossary is split into index groups with stable ASCII anchors (#gyo-ka, #letter-c), so
the index at the top of the page and links from elsewhere keep working when terms are added.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# The 行 of the 五十音 table: anchor, first kana (the group's name) and its kana (hiragana, base forms).
GYO = (
    ("a", "あ", "あいうえお"),
    ("ka", "か", "かきくけこ"),
    ("sa", "さ", "さしすせそ"),
    ("ta", "た", "たちつてと"),
    ("na", "な", "なにぬねの"),
    ("ha", "は", "はひふへほ"),
    ("ma", "ま", "まみむめも"),
    ("ya", "や", "やゆよ"),
    ("ra", "ら", "らりるれろ"),
    ("wa", "わ", "わゐゑをん"),
)
_GYO_OF = {kana: index for index, (_, _, row) in enumerate(GYO) for kana in row}
# The group after the 行 for readings that start with a Latin letter or a digit (READING_PATTERN allows them).
LATIN = "latin"

_SMALL = dict(zip("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ"))
# The vowel each kana ends in, for the long-vowel mark ー (ケース sorts as けえす, as in JIS X 4061).
_VOWEL = {kana: "あいうえお"[position] for _, _, row in GYO[:7] for position, kana in enumerate(row)}
_VOWEL.update({"や": "あ", "ゆ": "う", "よ": "お", "ら": "あ", "り": "い", "る": "う", "れ": "え", "ろ": "お",
               "わ": "あ", "ゐ": "い", "ゑ": "え", "を": "お"})
_MARKS = {"\u3099": 1, "\u309a": 2}  # combining dakuten, handakuten
_IGNORED = re.compile(r"[・／/\s]")


def _hiragana(text: str) -> str:
    """Full-width forms (NFKC: half-width katakana too), decomposed (NFD: が as か + U+3099), katakana
    as hiragana."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text))
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


def kana_key(reading: str) -> tuple[str, tuple[int, ...]]:
    """Sort key of a reading: its kana in base form (dakuten removed, small kana as large, ー as the
    vowel before it, ・ and spaces ignored, Latin letters in lower case), then the marks that were
    removed, so that か < が < ぱ only decides where the base kana are the same."""
    base: list[str] = []
    marks: list[int] = []
    for ch in _hiragana(_IGNORED.sub("", reading)):
        if ch in _MARKS:
            if marks:
                marks[-1] = _MARKS[ch]
            continue
        if ch == "ー":
            ch = _VOWEL.get(base[-1], "") if base else ""
            if not ch:
                continue  # after ん, っ or a letter: nothing to lengthen
        base.append(_SMALL.get(ch, ch).lower())
        marks.append(0)
    return "".join(base), tuple(marks)


def gyo_of(reading: str) -> int:
    """Index in GYO of the reading's first kana; len(GYO) (the Latin group) for a letter or digit."""
    first = kana_key(reading)[0][:1]
    return _GYO_OF.get(first, len(GYO))


_THE = re.compile(r"^the\s+", re.I)


def english_key(term: str) -> tuple[str, str]:
    """Sort key of an English term: case-insensitive, accents ignored (ō as o), a leading "the" dropped,
    words compared without their punctuation (hyphens and parentheses count as a space)."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", term) if not unicodedata.combining(ch)).casefold()
    folded = _THE.sub("", folded.strip())
    return re.sub(r"[\W_]+", " ", folded).strip(), folded


@dataclass
class IndexGroup:
    anchor: str  # stable ASCII id: gyo-ka, letter-c
    name: str  # か (the template adds 行) or C
    terms: list = field(default_factory=list)


def glossary_groups(terms, lang: str, english_of=lambda term: term.term.en or term.term.ja) -> list[IndexGroup]:
    """The glossary in reading order for `lang`, in index groups. Every group of the index is returned
    (a 行 or letter without terms has an empty list); the Latin group (ja) and the group of English
    terms not starting with a letter come last and only when they hold terms."""
    if lang == "ja":
        groups = [IndexGroup(f"gyo-{anchor}", name) for anchor, name, _ in GYO]
        other = IndexGroup(f"gyo-{LATIN}", LATIN)
        for term in sorted(terms, key=lambda t: (gyo_of(t.reading), kana_key(t.reading), _hiragana(t.reading), t.id)):
            index = gyo_of(term.reading)
            (groups[index] if index < len(GYO) else other).terms.append(term)
    else:
        groups = [IndexGroup(f"letter-{letter}", letter.upper()) for letter in "abcdefghijklmnopqrstuvwxyz"]
        other = IndexGroup("letter-other", "other")
        for term in sorted(terms, key=lambda t: (english_key(english_of(t)), t.id)):
            first = english_key(english_of(term))[0][:1]
            (groups[ord(first) - ord("a")] if "a" <= first <= "z" else other).terms.append(term)
    return groups + ([other] if other.terms else [])
