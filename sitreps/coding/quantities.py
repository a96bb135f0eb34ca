"""Counts in a sentence tied to what they count.

Kinds: killed, injured, arrested, displaced, targets, munitions, size.

Plain regexes over the sentence text, in both orders ("killed 300 rebels", "300 rebels were killed").
The counts are found once per sentence; then each is checked against the words just before it (a verb
that takes it: "killed", "fired") and just after it (what it counts: "people were killed", "rockets").
Offsets point into the article (``offset`` + index in the sentence).

When a kind is read more than once, the value with the largest best figure gives ``best``, ``text`` and
span, and ``low`` / ``high`` widen across all of them, so contradicting figures stay visible. Totals over a
period or area ("since the war began", "so far", "over the past week": ``aggregate=True``) are used only
when the sentence gives no other figure of that kind. Numbers that count something else (ages, years,
times, money, percentages, unit numbers such as "Brigade 93") are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitreps.coding.numbers import COUNT_PATTERN, parse_count
from sitreps.model import Quantity

_STOP = (
    r"and|or|but|nor|who|whom|whose|which|that|were|was|is|are|be|been|being|had|have|has|will|would|could|"
    r"may|might|said|says|say|told|after|before|when|while|as|in|at|on|by|with|from|to|into|for|since|than|"
    r"if|because|during|near|also|not|no|reports?|word|information|details|news|claims?|sign|indication|"
    r"confirmation|killed|wounded|injured|arrested|detained|died|dead|fled|including|among"
)
_WORD = rf"(?:(?!(?:{_STOP})\b)[a-z][a-z'’-]*|\d+-[a-z][a-z-]*)"  # "25-year-old" describes, not counts
_NOUNS = rf"(?:\s+{_WORD}){{0,5}}?"
_FEW_NOUNS = rf"(?:\s+{_WORD}){{0,3}}?"
_AUX = (r"(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|been|being|got|will\s+be|"
        r"(?:are|were|is|was)\s+(?:believed|thought|feared|reported|said|confirmed|known)\s+to\s+have\s+been)"
        r"(?:\s+(?:also|all|reportedly|allegedly|later|subsequently|now|since|either))*\s+)")
_FOLLOW = (r"(?=\s*(?:[,.;:)]|$)|\s+(?:in|and|as|after|when|during|on|at|by|near|while|overnight|since|"
           r"so\s+far|this|last|over|across|following|outside|inside)\b)")
_NOT_BOTH = r"(?!\s+(?:or|and)\s+(?:wounded|injured|hurt|missing))"


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Rule:
    """Words that must end right where the count starts, and/or follow right after it."""

    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    before_optional: bool = False  # when present, widen the span to take it in
    tail: re.Pattern[str] | None = None  # optional words after the count that join the span


def _before(pattern: str) -> re.Pattern[str]:
    return _p(rf"\b(?:{pattern})\s+")


def _both_orders(*, active: str, passive: str, intransitive: str, bare: str) -> tuple[_Rule, ...]:
    """Verb-then-count, count-then-passive/intransitive verb, and headline style ("12 killed")."""
    return (
        _Rule(before=_before(active)),
        _Rule(after=_p(rf"(?:{_NOUNS}\s+(?:{_AUX}(?:{passive})|(?:{intransitive}))|\s+(?:{bare})"
                       rf"|{_FEW_NOUNS}\s+(?:{bare})\b{_FOLLOW})\b{_NOT_BOTH}")),
    )


def _any(*forms: str) -> str:
    """One regex alternation from word forms (themselves regexes)."""
    return "|".join(forms)


_TARGET_NOUN = _any(
    r"targets?", r"positions?", r"sites?", r"facilit(?:y|ies)", r"bases?",
    r"command\s+(?:posts?|cent(?:re|er)s?)",
    r"depots?", r"hideouts?", r"camps?", r"buildings?", r"vehicles?", r"tanks?", r"installations?",
    r"bunkers?",
    r"checkpoints?", r"fortifications?", r"strongholds?", r"villages?", r"locations?", r"convoys?",
    r"trucks?",
    r"warehouses?", r"headquarters", r"bridges?", r"shelters?", r"factor(?:y|ies)", r"hospitals?",
    r"schools?",
    r"oil\s+wells",
)
_MUNITION = _any(
    r"(?:cruise\s+|ballistic\s+|guided\s+)?missiles?", r"rockets?",
    r"mortars?(?:\s+(?:rounds|shells|bombs))?",
    r"(?:artillery\s+)?shells", r"rounds", r"(?:barrel\s+|cluster\s+|car\s+)?bombs?", r"grenades?",
    r"projectiles?", r"(?:air|drone|missile)\s*strikes?", r"airstrikes?", r"strikes", r"sorties",
    r"air\s+raids?",
    r"raids", r"munitions", r"IEDs?",
)
_CROWD = _any(
    r"protest[eo]rs", "demonstrators", "marchers", "rioters", "mourners", "strikers", "worshippers",
    "activists",
    "supporters", "students",
)
_FORCE = _any(
    "troops", "soldiers", r"police(?:men)?", r"(?:police\s+)?officers", "fighters", "personnel", "militiamen",
    "reservists", "paratroopers", "marines", r"special\s+forces", "tanks", "warships",
    r"armou?red\s+vehicles",
)

_NUMBER_WORDS = frozenset("""
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
    eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand
    thousands
    million millions dozen dozens scores tens several few couple handful""".split())


@dataclass(frozen=True, slots=True)
class _Kind:
    cues: frozenset[str]  # word forms; the kind is tried only where one of them appears
    rules: tuple[_Rule, ...]
    needs_number: bool = False  # a real number must appear: "a"/"an" never count for this kind


_KINDS: dict[str, _Kind] = {
    "killed": _Kind(
        frozenset("""
            kill killed killing kills dead died death deaths fatalities slain massacred massacring executed
            executing lives beheaded beheading gunned gunning perished slaughtered slaughtering slew toll
            murdered murdering shot burned burnt eliminated eliminating neutralised neutralized""".split()),
        _both_orders(
            active=_any(
                r"kill(?:ed|ing|s)", r"massacr(?:ed|ing)", r"slaughter(?:ed|ing)", "slew",
                r"execut(?:ed|ing)",
                r"behead(?:ed|ing)", r"shot\s+dead", r"shooting\s+dead", r"gun(?:ned|ning)\s+down",
                r"claim(?:ed|ing)\s+the\s+lives\s+of", r"(?:the\s+)?deaths\s+of", r"murder(?:ed|ing)",
                r"(?:death\s+)?toll\s+(?:\w+\s+){0,3}?(?:to|at|of|reached|hit)",
                r"eliminat(?:ed|ing)", r"neutrali[sz](?:ed|ing)",
            ),
            passive=_any(
                "killed", "slain", r"shot\s+dead", "murdered", "executed", "massacred", "beheaded",
                r"gunned\s+down", r"burn(?:ed|t)\s+to\s+death",
            ),
            intransitive=_any(
                "died", r"(?:have|had|has)\s+died", "perished", r"lost\s+(?:their|his|her)\s+lives?",
                r"(?:(?:are|were|was|is)\s+)?(?:feared\s+|confirmed\s+|reported\s+|presumed\s+)?dead",
                "deaths", "fatalities",
            ),
            bare="killed|dead",
        ),
    ),
    "injured": _Kind(
        frozenset("wounded wounding wounds injured injuring injures injuries hurt hurting maimed maiming"
                  .split()),
        _both_orders(
            active=r"(?<!killed or )(?<!killed and )(?:wound(?:ed|ing|s)|injur(?:ed|ing|es)|hurt(?:ing)?|"
                   r"maim(?:ed|ing))",
            passive="wounded|injured|hurt|maimed",
            intransitive="injuries",
            bare="wounded|injured|hurt",
        ),
    ),
    "arrested": _Kind(
        frozenset("""
            arrested arresting arrests detained detaining detains rounded rounding apprehended apprehending
            custody jailed held""".split()),
        _both_orders(
            active=_any(
                r"arrest(?:ed|ing|s)", r"detain(?:ed|ing|s)", r"round(?:ed|ing)\s+up", r"apprehend(?:ed|ing)",
            ),
            passive=_any(
                "arrested", "detained", r"rounded\s+up", "apprehended", "held", r"taken\s+into\s+custody",
                "jailed",
            ),
            intransitive="arrests",
            bare="arrested|detained",
        ),
    ),
    "displaced": _Kind(
        frozenset("""
            displaced displacing displaces uprooted uprooting fled flee fleeing homeless forced forcing
            drove driving""".split()),
        _both_orders(
            active=r"displac(?:ed|ing|es)|uproot(?:ed|ing)",
            passive=_any(
                "displaced", "uprooted", r"made\s+homeless",
                r"forced\s+(?:to\s+flee|from\s+their\s+homes|out)",
            ),
            intransitive=_any(
                r"(?:(?:have|had|has)\s+)?fled", r"(?:(?:are|were|is|was)\s+)?fleeing", "homeless",
                "displaced",
            ),
            bare="displaced",
        ) + (
            _Rule(before=_before(r"forc(?:ed|ing)|dr(?:ove|iving)"),
                  after=_p(rf"{_FEW_NOUNS}\s+(?:to\s+flee|to\s+leave|(?:from|out\s+of)\s+their\s+homes)\b")),
        ),
    ),
    "targets": _Kind(
        frozenset("""
            target targets position positions site sites facility facilities base bases posts centres centers
            depot depots hideout hideouts camp camps building buildings vehicle vehicles tank tanks
            installation
            installations bunker bunkers checkpoint checkpoints fortification fortifications stronghold
            strongholds village villages location locations convoy convoys truck trucks warehouse warehouses
            headquarters bridge bridges shelter shelters factory factories hospital hospitals school schools
            wells""".split()),
        (
            _Rule(before=_before(_any(
                      r"hit(?:ting)?", "struck", r"strik(?:e|es|ing)", r"destroy(?:ed|ing|s)?",
                      r"target(?:ed|ing)",
                      r"bomb(?:ed|ing)", r"pound(?:ed|ing)", r"shell(?:ed|ing)", r"attack(?:ed|ing)",
                      r"raid(?:ed|ing)", r"overr(?:an|un)")),
                  after=_p(rf"{_NOUNS}\s+(?:{_TARGET_NOUN})\b")),
            _Rule(after=_p(rf"{_NOUNS}\s+(?:{_TARGET_NOUN})\s+{_AUX}"
                           r"(?:hit|struck|destroyed|targeted|bombed|shelled|attacked|damaged)\b")),
            _Rule(after=_p(rf"{_FEW_NOUNS}\s+targets\b")),
        ),
        needs_number=True,
    ),
    "munitions": _Kind(
        frozenset("""
            missile missiles rocket rockets mortar mortars shell shells rounds bomb bombs grenade grenades
            projectile projectiles strike strikes airstrike airstrikes sorties raid raids munitions ied
            ieds""".split()),
        (
            _Rule(before=_before(_any(
                      "fired", "launched", "dropped", r"carried\s+out", "conducted", "flew", "firing",
                      "launching",
                      "dropping", "unleashed", "lobbed")),
                  after=_p(rf"{_FEW_NOUNS}\s+(?:{_MUNITION})\b(?!\s+launchers?)"),
                  before_optional=True),
        ),
        needs_number=True,
    ),
    "size": _Kind(
        frozenset("""
            crowd crowds force gathering rally march procession contingent column protesters protestors
            demonstrators marchers rioters mourners strikers worshippers activists supporters students
            gathered
            marched rallied protested demonstrated took joined deployed deploying sent sending dispatched
            dispatching mobilised mobilized mobilising mobilizing amassed amassing massed massing troops
            soldiers
            police policemen officers fighters personnel militiamen reservists paratroopers marines forces
            tanks
            warships vehicles send sends deploy deploys dispatch move moves moved moving station stationed
            mobilise mobilize""".split()),
        (
            _Rule(before=_before(r"(?:an?\s+)?(?:crowds?|force|gathering|rally|march|procession|contingent|"
                                 r"column)\s+of"),
                  tail=_p(rf"{_FEW_NOUNS}\s+(?:{_FORCE}|{_CROWD}|people)\b")),
            _Rule(after=_p(rf"(?:\s+of)?(?:\s+{_WORD}){{0,2}}?\s+(?:{_CROWD})\b")),
            _Rule(after=_p(rf"{_FEW_NOUNS}\s+(?:" + _any(
                "gathered", "marched", "rallied", "protested", "demonstrated", r"took\s+to\s+the\s+streets",
                r"took\s+part\s+in",
                r"joined\s+(?:the\s+)?(?:protests?|rally|march|demonstrations?)") + r")\b")),
            _Rule(before=_before(_any(
                      r"deploy(?:s|ed|ing)?", r"sen(?:d|ds|t|ding)", r"dispatch(?:es|ed|ing)?",
                      r"mobili[sz](?:e|es|ed|ing)", r"amass(?:ed|ing)?", r"mass(?:ed|ing)", r"mov(?:e|es|ed|ing)",
                      r"station(?:s|ed|ing)?")),
                  after=_p(rf"{_FEW_NOUNS}\s+(?:{_FORCE})\b")),
        ),
        needs_number=True,
    ),
}
_CASUALTY_KINDS = ("killed", "injured", "arrested", "displaced")
_CUE_KINDS: dict[str, tuple[str, ...]] = {}
for _name, _kind in _KINDS.items():
    for _cue in _kind.cues:
        _CUE_KINDS[_cue] = (*_CUE_KINDS.get(_cue, ()), _name)

_MONTH_NAMES = ("january|february|march|april|may|june|july|august|september|october|november|december|"
                "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_LABEL_BEFORE = re.compile(
    rf"(?:\b(?:brigade|division|battalion|regiment|unit|route|highway|road|resolution|no|number|flight|"
    rf"article|chapter|section|room|level|zone|sector|block|street|apartment|platform|gate|bus|line|"
    rf"page|aged|age|ages|km|kilometre|kilometer|mile|us|usd|eur|rs|{_MONTH_NAMES})\.?|[$£€¥#])\s*$",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"(?:\s*(?:%|-)|\s+(?:percent|per\s+cent|years?|year-old|months?|weeks?|days?|hours?|minutes?|seconds?|"
    r"km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|kg|kilos|kilograms?|tons?|tonnes?|am|pm|a\.m|p\.m|gmt|"
    rf"o'clock|dollars|euros|pounds|rupees|yuan|times|per|{_MONTH_NAMES}))\b",
    re.IGNORECASE,
)
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_YEAR_BEFORE = re.compile(r"\b(?:in|since|by|until|from|during|of|before|after|early|late|mid|the)\W*$", re.IGNORECASE)
_AGGREGATE = re.compile(
    r"\b(?:(?:over|in|during|within|for|throughout)\s+the\s+(?:last|past|previous)\b|this\s+year|so\s+far|"
    r"to\s+date|in\s+total|in\s+all|altogether|overall|(?:a\s+)?total\s+of|cumulative|nationwide|countrywide|"
    r"since\s+(?:the\s+(?:start|beginning|outbreak|war|conflict|uprising|fighting|crisis|revolution|campaign|"
    r"offensive|operation|intervention|invasion|insurgency|protests|unrest|violence|clashes|coup)|"
    r"(?:19|20)\d\d|(?-i:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))|"
    r"across\s+(?:the\s+)?(?:country|region|province|state|nation)|throughout\s+the\s+(?:country|region)|"
    r"in\s+recent\s+(?:days|weeks|months)|"
    r"in\s+the\s+(?:first|second|last|past)\s+(?:half|quarter|three|six|nine|few|two)\b[^,;.]{0,20}?\b(?:year|months)|"
    r"(?:over|in|during)\s+(?:the\s+)?(?:past|last)\s+(?:\w+\s+)?(?:years|months|decades?))",
    re.IGNORECASE,
)
# A toll told of a whole war or campaign, in the perfect: "the war has killed tens of thousands", "the
# insurgency has left 35,000 dead". The background noun is the toll's subject, somewhere before the count.
_BACKGROUND_TOLL = re.compile(
    r"\b(?:war|conflict|insurgency|violence|fighting|unrest|uprising|rebellion|crisis|occupation|epidemic|"
    r"pandemic|famine|campaign|crackdown)s?\b[^;.]*?\b(?:has|have|had)\s+(?:(?:so\s+far|now|already|reportedly|"
    r"since|also)\s+)?(?:killed|claimed|left|cost|caused|displaced|uprooted|forced)\b",
    re.IGNORECASE,
)
# A figure the speaker disputes is no count of theirs: "saw no evidence of 300 deaths", "rejected the figure of
# 300". (A denied act, "denied that 40 were killed", keeps its count: the denial is the claim's stance.)
_DISPUTED = re.compile(
    r"\b(?:(?:no|little|any)\s+(?:evidence|proof|sign|indication|confirmation)\s+(?:of|that)"
    r"|(?:denied|denies|disputed|disputes|rejected|rejects|dismissed|dismisses|refuted|questioned|questions)"
    r"\s+(?:the|a|an)\s+(?:\w+\s+){0,2}(?:figures?|toll|tally|count|number)\s+of)"
    r"\s+(?:the\s+|some\s+|about\s+|around\s+|nearly\s+|more\s+than\s+|at\s+least\s+)?$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r";|\s[–—-]\s|[()]|,\s+(?:and|but|while|whereas)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Hit:
    kind: str
    bounds: tuple[int, int, int]
    start: int
    end: int
    count_start: int
    count_end: int


def _is_count(text: str, start: int, end: int) -> bool:
    """False for numbers that label, date, age, time or price something instead of counting it, and for a
    figure the sentence disputes ("saw no evidence of 300 deaths")."""
    if _LABEL_BEFORE.search(text, max(0, start - 14), start):
        return False
    if _DISPUTED.search(text[max(0, start - 60):start]):
        return False
    if _UNIT_AFTER.match(text, end):
        return False
    # "in 2015", "the 2014 elections": a year, not a count
    return not (_YEAR_LIKE.fullmatch(text[start:end]) and _YEAR_BEFORE.search(text, max(0, start - 8), start))


_TOKEN = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_COUNT = re.compile(rf"\b{COUNT_PATTERN}", re.IGNORECASE)
_REACH = 90  # how far after a count its cue word may start, in characters


def _hits(text: str) -> list[_Hit]:
    lowered = text.lower()
    cue_at: dict[str, list[int]] = {}
    has_number = _DIGIT.search(text) is not None
    for token in _TOKEN.finditer(lowered):
        word = token.group()
        for kind in _CUE_KINDS.get(word, ()):
            cue_at.setdefault(kind, []).append(token.start())
        has_number = has_number or word in _NUMBER_WORDS
    kinds = [k for k in cue_at if has_number or not _KINDS[k].needs_number]
    if not kinds:
        return []
    befores: dict[re.Pattern[str], dict[int, int]] = {}
    hits = []
    for count in _COUNT.finditer(text):
        start, end = count.span()
        if not _is_count(text, start, end):
            continue
        bounds = parse_count(count.group())
        if bounds is None:
            continue
        single = count.group().lower() in ("a", "an")
        for kind in kinds:
            spec = _KINDS[kind]
            if single and spec.needs_number:
                continue
            near = any(end < at <= end + _REACH for at in cue_at[kind])
            for rule in spec.rules:
                span = _match(rule, text, start, end, near, befores)
                if span is not None:
                    hits.append(_Hit(kind, bounds, span[0], span[1], start, end))
                    break
    return hits


def _match(rule: _Rule, text: str, start: int, end: int, near: bool,
           befores: dict[re.Pattern[str], dict[int, int]]) -> tuple[int, int] | None:
    """The span one rule reads around the count at ``start:end``, or None."""
    if rule.after is not None and not near:
        return None
    if rule.before is not None:
        if rule.before not in befores:
            befores[rule.before] = {m.end(): m.start() for m in rule.before.finditer(text)}
        begin = befores[rule.before].get(start)
        if begin is None and not rule.before_optional:
            return None
        start = start if begin is None else begin
    if rule.after is not None:
        after = rule.after.match(text, end)
        if after is None:
            return None
        end = after.end()
    if rule.tail is not None:
        tail = rule.tail.match(text, end)
        end = tail.end() if tail else end
    return start, end


def _aggregate(text: str, start: int, end: int) -> bool:
    """A period or area marker in the same clause as the count."""
    left = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    right = next((b.start() for b in _CLAUSE_BREAK.finditer(text, end)), len(text))
    return _AGGREGATE.search(text, left, right) is not None or _BACKGROUND_TOLL.search(text, left, end) is not None


QUOTES = str.maketrans({q: " " for q in "\"“”‘’«»"})


def find_quantities(text: str, *, offset: int = 0) -> dict[str, Quantity]:
    """Counts by kind (see ``sitreps.model.QUANTITY_KINDS``) read from one sentence."""
    if not text:
        return {}
    original = text
    text = text.translate(QUOTES)  # 'killed "dozens of terrorists"': quotes do not part a count from its verb
    hits = _hits(text)
    if not hits:
        return {}
    casualty_counts = [(h.count_start, h.count_end) for h in hits if h.kind in _CASUALTY_KINDS]
    by_kind: dict[str, list[_Hit]] = {}
    for hit in sorted(hits, key=lambda h: (h.count_start, h.start - h.end)):
        if hit.kind == "size" and any(s < hit.count_end and hit.count_start < e for s, e in casualty_counts):
            continue  # "dozens of protesters were arrested": a count of arrests, not of the crowd
        same = by_kind.setdefault(hit.kind, [])
        if not any(h.count_start == hit.count_start for h in same):  # one count, several patterns
            same.append(hit)
    quantities = {}
    for kind, group in by_kind.items():
        marked = [(h, _aggregate(text, h.start, h.end)) for h in group]
        chosen = [pair for pair in marked if not pair[1]] or marked  # an event's own count beats a total
        top, total = max(chosen, key=lambda pair: (pair[0].bounds[1], -pair[0].start))
        quantities[kind] = Quantity(
            low=min(h.bounds[0] for h, _ in chosen),
            best=top.bounds[1],
            high=max(h.bounds[2] for h, _ in chosen),
            text=original[top.start:top.end],
            start=offset + top.start,
            end=offset + top.end,
            aggregate=total,
        )
    return quantities
