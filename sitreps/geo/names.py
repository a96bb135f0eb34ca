"""Place-name normalisation: the one key both the gazetteer build and every lookup use.

``normalise("Ma'arrat al-Nu'man") == normalise("Maarat Al Numan")``: case, diacritics, apostrophes,
hyphens, dots, a leading "the" and the Arabic article at the start ("al-", "el-", "Al ") do not count.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD does not take apart into a base letter and a mark.
_FOLD = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "þ": "th", "Þ": "th",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t",
})
# Apostrophes and the modifier letters used for hamza and ayn: dropped, not spaced.
_APOSTROPHES = re.compile("['’‘`´ʼʻʾʿʹʽ′]")
# Hyphens, dashes, dots, commas and other separators: become spaces.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_.,;:/()\[\]\"“”«»]+")
# The Arabic article at the start: "al-" or "el-" or a sun-letter form ("ar-", "ash-", "ad-"), or "al", "ar",
# "as"… then a space ("Al Raqqah", "Ar Raqqah"). Not "El " nor "An " then a space, mostly Spanish and
# Vietnamese ("El Paso", "An Giang").
_ARTICLE = re.compile(r"^\s*(?:[Aa][Ll]|[Ee][Ll]|[Aa](?:[Ss][Hh]|[Dd][Hh]|[Tt][Hh]|[NnRrSsDdTtZz]))\s*[-‐‑]\s*"
                      r"|^\s*(?:[Aa][Ll]|A[sdrtz]|Ash)\s+(?=\S)")
_THE = re.compile(r"^the\s+")
# Transliteration variants of common words in Arabic, Hebrew and Persian place names, folded to one spelling.
_WORD_VARIANTS = {
    "tel": "tal", "tell": "tal", "kfar": "kafr", "kafar": "kafr", "kefar": "kafr", "dayr": "deir",
    "dair": "deir", "jebel": "jabal", "jabel": "jabal", "djebel": "jabal", "jebal": "jabal", "ayn": "ain",
    "bayt": "beit", "bait": "beit", "shaykh": "sheikh", "shaikh": "sheikh", "sheik": "sheikh", "abou": "abu",
    "um": "umm", "wadi": "wadi", "ras": "ras", "qasr": "qasr", "khirbet": "khirbat", "khirbit": "khirbat",
}
# The Arabic article inside a name, with its sun-letter forms ("Ma'arrat an-Nu'man", "Deir ez-Zor").
_INNER_ARTICLES = frozenset("al el an ash ad ar as at az ath adh ed er es ez en ul".split())
# The same article fused to the next word with its doubled letter: "Ezzor", "Arraqqa", "Ashsham".
_DOUBLED = re.compile(r"([a-z])\1+")
_FUSED_ARTICLE = re.compile(r"^[ae](?:(sh)sh|([tdrzsnl])\2)(?=[a-z]{2})")

# Words after a name that say it is a first-level division ("Idlib province", "Donetsk oblast").
ADMIN_SUFFIXES = (
    "province", "governorate", "oblast", "state", "region", "prefecture", "county", "department",
    "district", "territory", "canton", "voivodeship", "wilayah", "wilaya", "muhafazah", "raion",
)
_ADMIN_SUFFIX = re.compile(r"^(?P<base>.+?)\s+(?P<suffix>" + "|".join(ADMIN_SUFFIXES) + r")$")


@lru_cache(maxsize=1 << 16)  # a story names the same places again and again; the work is pure
def normalise(name: str) -> str:
    """The lookup key for a place name: casefolded, ASCII-folded, article-free, single-spaced."""
    text = _ARTICLE.sub("", name.strip(), count=1)
    text = _APOSTROPHES.sub("", text.translate(_FOLD))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _SEPARATORS.sub(" ", text).strip()
    return _fold_words(_THE.sub("", text))


def _fold_words(text: str) -> str:
    """Fold transliteration variants: word spellings, inner articles, doubled letters."""
    words = text.split(" ")
    if len(words) > 1:
        words = [words[0]] + [_FUSED_ARTICLE.sub(lambda m: m.group(1) or m.group(2), w) for w in words[1:]]
        words = [w for i, w in enumerate(words)
                 if not (0 < i < len(words) - 1 and w in _INNER_ARTICLES)] or words
    return " ".join(_DOUBLED.sub(r"\1", _WORD_VARIANTS.get(w, w)) for w in words)


def split_admin_suffix(key: str) -> tuple[str, str | None]:
    """Split a normalised key into its base and a division word.

    ``split_admin_suffix("idlib province") == ("idlib", "province")``
    """
    match = _ADMIN_SUFFIX.match(key)
    if match is None:
        return key, None
    return match.group("base"), match.group("suffix")


def is_latin(key: str) -> bool:
    """Whether a normalised key is plain ASCII, i.e. worth keeping for English text."""
    return key.isascii() and any(ch.isalpha() for ch in key)
