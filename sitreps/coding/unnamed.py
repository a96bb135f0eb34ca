"""Actors a text names without a name: the thing or people that did or took an attack ("two men", "the
convoy"), and role-only actors ("rebels", "police") with the country their event happened in, unless the
text names them without a side ("gunmen", "troops")."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from ..kb import KnowledgeBase
from ..model import Actor
from .syntax import noun_phrase, pobjs

POSSESSIVES = {"its": "it", "their": "they", "his": "he", "her": "she", "our": "we"}
# Roles whose bearer belongs to a country even when the text names none: rebels in a story on Syria.
COUNTRY_BOUND_SECTORS = frozenset({"GOV", "MIL", "REB", "OPP", "COP", "CVL", "JUD", "LEG", "REF", "JRN", "CRM",
                                   "LAB", "EDU", "HLH", "REL", "BUS", "SPY"})
SECTOR_NAMES = {
    "GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition", "CVL": "civilians",
    "COP": "police", "JUD": "judiciary", "LEG": "legislature", "MED": "media", "JRN": "journalists",
    "REF": "refugees", "EDU": "students", "LAB": "workers", "HLH": "health workers", "REL": "clergy",
    "BUS": "business", "CRM": "criminals", "SPY": "intelligence services",
}
ROLE_NAMES = frozenset(SECTOR_NAMES.values())


# What an attack is not done to: its means, the act itself, its toll, and the time and manner of it.
NOT_TARGETS = frozenset({
    "attack", "strike", "airstrike", "raid", "bombing", "shelling", "fire", "gunfire", "shot", "round", "bullet",
    "shell", "rocket", "missile", "bomb", "grenade", "mortar", "explosive", "weapon", "arm", "device", "ied",
    "damage", "casualty", "toll", "death", "injury", "wound", "life", "loss", "blow", "havoc", "terror", "violence",
    "offensive", "operation", "campaign", "war", "battle", "fight", "fighting", "clash", "way", "time", "day",
    "night", "week", "month", "year", "hour", "minute", "morning", "evening", "afternoon", "part", "kind", "type",
    "number", "lot", "rest", "impunity", "responsibility", "threat", "warning", "place",
})


# What does harm without being anyone: "the explosion killed", "a roadside bomb struck", "the crash killed".
NOT_DOERS = NOT_TARGETS | frozenset({
    "explosion", "blast", "car", "vehicle", "truck", "motorcycle", "bike", "mine", "landmine", "crash", "accident",
    "storm", "flood", "earthquake", "quake", "disease", "virus", "outbreak", "collapse", "incident", "event",
    "ambush", "assault", "massacre", "killing", "shooting", "stabbing", "belt", "vest", "package",
    "parcel", "bag", "letter", "cause", "reason", "report", "video", "statement", "decision", "order", "plan",
})


def thing_doer(token: Token) -> Actor | None:
    """Who did an attack when no actor is named: the noun phrase of the doer ("unidentified persons", "two
    men", "an assassin"), uncoded; None for the means or the act itself ("the explosion killed")."""
    if token.lemma_.lower() in NOT_DOERS or token.lower_ in NOT_DOERS or token.like_num or token.pos_ == "NUM" \
            or any(c.dep_ == "poss" and c.lower_ in POSSESSIVES for c in token.children):
        return None  # "his men": someone's own, whom the resolver could not tell
    return thing_target(token)


# Nouns in -ity that name things or people, not qualities: "the city", "a facility", "the authorities".
CONCRETE_ITY = frozenset({"city", "facility", "university", "community", "municipality", "locality", "charity",
                          "authority", "minority", "majority", "entity", "celebrity", "fraternity", "nationality"})


def _abstract(lemma: str) -> bool:
    """A quality or doctrine, which no attack hits: "-ness", "-ism", most "-ity"."""
    return lemma.endswith(("ness", "ism")) or lemma.endswith("ity") and lemma not in CONCRETE_ITY


def thing_target(token: Token) -> Actor | None:
    """What an attack hit when no actor is named: the noun phrase of a place or thing ("the convoy", "a police
    station", "an electric power substation", "two hospitals"), uncoded, its name the phrase without
    determiners or numbers. None for a pronoun, a name, a date, or a word that is no target (the weapon or
    act itself: "fired shots", "carried out a strike")."""
    if _abstract(token.lemma_.lower()):  # "the intensity", "political correctness", "terrorism"
        return None
    counted = token.like_num or token.pos_ == "NUM"  # "wounded 71", "five more were wounded"
    if counted and pobjs(token, "of"):  # "seven of the nine soldiers": the soldiers, the resolver's to name
        return None
    if not (token.pos_ == "NOUN" or counted) or token.lemma_.lower() in NOT_TARGETS \
            or token.ent_type_ in ("DATE", "TIME", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"):
        return None
    span = noun_phrase(token)
    words = [t.text for t in span if t.pos_ not in ("DET", "NUM", "PRON", "PUNCT", "PART") and t.dep_ != "poss"
             and not t.is_space]
    if not words and not counted:
        return None
    return Actor(span.text, " ".join(words).lower() or "people", None, None, span.start_char, span.end_char)


# Doers a text names without a side: "gunmen", "unidentified men", "troops". The place they acted in does not
# tell whose they are ("troops" in a border town may be either army's); a word of the text may ("government
# troops", "security forces", "rebel fighters").
UNNAMED_DOERS = frozenset({"gunman", "gunmen", "attacker", "attackers", "assailant", "assailants", "troops",
                           "troop", "men", "man", "militants", "militant", "fighters", "fighter", "raiders",
                           "kidnappers", "abductors"})
UNNAMED_PEOPLE = frozenset({"persons", "people", "individuals"})  # only with "unidentified": "unidentified persons"
UNNAMED_WORDS = frozenset({"unidentified", "unknown", "masked", "armed", "suspected"})
SIDE_WORDS = frozenset({"government", "state", "federal", "national", "regime", "army", "security", "police",
                        "rebel", "rebels", "opposition", "insurgent", "separatist", "pro-government", "loyalist",
                        "our", "its", "their", "his", "her"})


def unnamed_doer(text: str) -> bool:
    """Whether a phrase names doers without any side: "gunmen", "unidentified armed men", "the troops"."""
    words = [w.strip(".,;'’\"()").lower() for w in text.split()]
    words = [w for w in words if w]
    unnamed = bool(words) and (words[-1] in UNNAMED_DOERS
                               or words[-1] in UNNAMED_PEOPLE and any(w in UNNAMED_WORDS for w in words))
    return unnamed and not any(w in SIDE_WORDS for w in words)


def localise(actor: Actor, kb: KnowledgeBase, country: str | None) -> Actor:
    """Give an actor known only by its role ("rebels") the country where its event happened; not one the text
    names without a side ("gunmen", "troops"), which stays unidentified."""
    if actor.code is not None or country is None or actor.name not in ROLE_NAMES \
            or actor.sector not in COUNTRY_BOUND_SECTORS or unnamed_doer(actor.text):
        return actor
    entry = kb.get(f"country:{country}")
    adjective = (entry.demonyms[0] if entry.demonyms else entry.name) if entry else country
    return replace(actor, name=f"{adjective} {actor.name}", code=country)
