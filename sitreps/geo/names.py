"""Place-name normalisation: the one key both the gazetteer build and every lookup use.

``normalise("Ma'arrat al-Nu'man") == normalise("Maarat Al Numan")``: case, diacritics, apostrophes,
hyphens, dots, a leading "the" and the Arabic article at the start ("al-", "el-", "Al ") do not count.
"""

from __future__ import annotations

import re
import unicodedata

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
# The Arabic article at the start: "al-" or "el-", or "al" then a space ("Al Raqqah"). Not "El " then a
# space, which is mostly Spanish ("El Paso", "El Salvador").
_ARTICLE = re.compile(r"^\s*(?:[Aa][Ll]|[Ee][Ll])\s*[-‐‑]\s*|^\s*[Aa][Ll]\s+(?=\S)")
_THE = re.compile(r"^the\s+")

# Words after a name that say it is a first-level division ("Idlib province", "Donetsk oblast").
ADMIN_SUFFIXES = (
    "province", "governorate", "oblast", "state", "region", "prefecture", "county", "department",
    "district", "territory", "canton", "voivodeship", "wilayah", "wilaya", "muhafazah", "raion",
)
_ADMIN_SUFFIX = re.compile(r"^(?P<base>.+?)\s+(?P<suffix>" + "|".join(ADMIN_SUFFIXES) + r")$")


def normalise(name: str) -> str:
    """The lookup key for a place name: casefolded, ASCII-folded, article-free, single-spaced."""
    text = _ARTICLE.sub("", name.strip(), count=1)
    text = _APOSTROPHES.sub("", text.translate(_FOLD))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _SEPARATORS.sub(" ", text).strip()
    return _THE.sub("", text)


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
