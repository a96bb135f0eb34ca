"""A cheap, conservative English check: function-word share and script share, no models."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

ENGLISH = frozenset(
    "the of and to in a is that for on was with said as by at from it his he be are has have had were "
    "but not an this which who they their its been after or will would also more than over about into "
    "two up one against when there could we her she them other new out last people year government "
    "police forces officials told i you our".split()
)
# Common function words of other Latin-script languages, only to name the guess in the message.
OTHERS: dict[str, frozenset[str]] = {
    "Spanish": frozenset("el la los las de del que y en por para con una un es se su al como más fue".split()),
    "French": frozenset("le la les de des du et en un une est que pour dans sur au aux par pas qui avec".split()),
    "German": frozenset("der die das und ist nicht von mit den dem zu ein eine auf sich des im auch wurde".split()),
    "Portuguese": frozenset("o a os as de do da dos das que e em um uma para com não por foi se ao".split()),
    "Italian": frozenset("il la di che e un una per non sono del della con gli le nel alla è si".split()),
    "Dutch": frozenset("de het een en van in is dat op te zijn met voor niet er aan ook werd".split()),
    "Indonesian": frozenset("yang dan di ini itu dengan untuk dari tidak ke pada dalam akan juga".split()),
    "Turkish": frozenset("ve bir bu da de için ile olarak olan çok daha gibi ama sonra".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
MIN_TOKENS = 25  # below this, only the script decides: short English texts must pass
MIN_ENGLISH_SHARE = 0.08  # English news runs at 30-45 % on this list


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return "UNKNOWN"


def not_english_reason(text: str) -> str | None:
    """Why the text does not look English, or None when it does (or is too short to tell)."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    if not letters:
        return None
    foreign = Counter(_script(ch) for ch in letters if ord(ch) > 0x24F)
    foreign_total = sum(foreign.values())
    if foreign_total / len(letters) > 0.3:
        script = foreign.most_common(1)[0][0].title()
        return f"{foreign_total / len(letters):.0%} of its letters are in a non-Latin script (mostly {script})"
    tokens = [t.lower() for t in _WORD.findall(text[:20000])]
    if len(tokens) < MIN_TOKENS:
        return None
    counts = Counter(tokens)
    english = sum(counts[w] for w in ENGLISH) / len(tokens)
    if english >= MIN_ENGLISH_SHARE:
        return None
    shares = {lang: sum(counts[w] for w in words) / len(tokens) for lang, words in OTHERS.items()}
    lang = max(shares, key=shares.__getitem__)
    share = shares[lang]
    guess = f"; it looks like {lang} ({share:.0%} {lang} function words)" if share > 2 * english else ""
    return f"only {english:.0%} of its {len(tokens)} words are common English words{guess}"
