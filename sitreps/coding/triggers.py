"""Finding the words that name events: verbs, nouns, compounds, light verbs.

A cascade per token, precise rule first: a multiword pattern ("call for",
"cut ties", "air strike"), then the single lemma. The winner records which
rule found it, so an analyst can see why a sentence was coded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..lexicon import Lexicon, Trigger, word_matches
from ..senses import KEEP, NO_EVENT
from .senses import sense_of
from .syntax import answerable

# Verbs that carry no event of their own when their object names one:
# "launched air strikes", "carried out raids", "held talks", "staged a protest".
LIGHT_VERBS = frozenset({
    "launch", "carry", "conduct", "stage", "hold", "mount", "make", "begin", "start", "continue",
    "undertake", "perform", "execute", "wage", "unleash", "step", "intensify", "escalate", "resume",
    "organise", "organize", "lead", "call", "announce", "order", "plan", "have", "give", "join",
    "take", "commit", "perpetrate", "do", "open", "end", "stop", "halt", "stag",  # "staged" → "stag"
    "fire", "use", "impose",  # "fired tear gas", "used tear gas", "imposed sanctions"
    "lob", "burst", "resort", "throw", "hurl",  # "lobbed tear-gas shells", "burst teargas shells", "resorted to firing"
    "declare",  # "declared a state of siege", "declared a curfew"
    "approve", "complete", "attend",  # "approved the extradition", "completed its withdrawal", "attended talks"
    "extend",  # "will extend the curfew", "extended the ceasefire"
})
# Light verbs whose event noun follows a preposition: "resorted to firing", "went on strike".
LIGHT_PREPS = {"resort": ("to",), "participate": ("in",),  # "participate in peacekeeping operations"
               "break": ("into",)}  # "broke into fistfights"
# Verbs of witnessing: "monitors observed explosions", "residents heard gunfire". The act is the noun's; the
# witness is not its doer, so the verb joins the trigger's words without becoming its light verb.
WITNESS_VERBS = frozenset({"observe", "hear", "record", "register"})
QUANTITY_NOUNS = frozenset({"total", "number", "series", "couple", "dozen", "dozens", "hundred", "hundreds"})
# Nouns that stay events even without a light verb (as subjects, in "killed in an X").
WEAK_VERBS = frozenset({"hit", "target", "call", "meet", "fire", "take", "move", "push", "press", "back"})


@dataclass(frozen=True, slots=True)
class Hit:
    """A trigger found in a sentence: token index of its head word and the words it spans."""

    head: int
    start: int
    end: int
    trigger: Trigger
    rule: str  # "verb", "verb+words", "noun", "compound", "light-verb", "sense"
    light: int | None = None  # index of the light verb governing a noun trigger
    words: tuple[int, ...] = ()  # token indices of the pattern's words ("fired … on" → fired, on)

    def __post_init__(self) -> None:
        if not self.words:
            object.__setattr__(self, "words", tuple(range(self.start, self.end)))

    @property
    def pos(self) -> str:
        return self.trigger.pos


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


OTHER_CLAUSES = frozenset({"conj", "cc", "punct"})  # a coordinated verb's words are its own


def _nearby_lemmas(verb: Token) -> dict[str, Token]:
    """Lemmas of the verb's children and grandchildren, for patterns like "go on strike"."""
    out: dict[str, Token] = {}
    for c in verb.children:
        if c.dep_ in OTHER_CLAUSES:
            continue  # "rejected the calls and dismissed the allegations": not "reject allegation"
        out.setdefault(_lemma(c), c)
        out.setdefault(c.lower_, c)
        for g in c.children:
            out.setdefault(_lemma(g), g)
            if g.lower_ == "of" and c.dep_ == "dobj":  # "sent 200 tonnes of food aid", "a team of medics"
                for o in g.children:
                    out.setdefault(_lemma(o), o)
    return out


PARTICLES = frozenset({"in", "on", "up", "off", "out", "down", "back", "over", "away", "into", "for", "at", "with",
                       "to", "from", "by", "through", "about"})


def _particle_fits(verb: Token, word: Token) -> bool:
    """The second word of a phrasal verb belongs to it: a particle ("give in", "picked him up"), or a
    preposition right after the verb whose object is not a date ("called on the UN", not "called Lavrov on
    Tuesday", nor "give Sudan 10 million euros in aid")."""
    next_to = word.i > verb.i and all(_when(t) for t in word.doc[verb.i + 1:word.i])  # or after a date of its own
    if word.dep_ == "mark" and word.head.head.i == verb.i and next_to:
        return True  # "called for the port to remain open": the clause's "for"
    if word.head.i != verb.i:
        return False
    if word.dep_ == "prt" or word.dep_ == "advmod" and word.i == verb.i + 1:
        return True  # "stepped down", "pulled back": the parser often hangs the particle as an adverb
    if word.dep_ != "prep" or not next_to:
        return False  # right after the verb ("called on Friday for talks" too)
    return not any(c.ent_type_ in ("DATE", "TIME") for c in word.children if c.dep_ == "pobj")


def _when(token: Token) -> bool:
    """A word of a time phrase between a verb and its particle: "on Friday", "Tuesday", "yesterday"."""
    return token.ent_type_ in ("DATE", "TIME") or token.dep_ == "prep" and any(
        c.ent_type_ in ("DATE", "TIME") for c in token.children if c.dep_ == "pobj")


def _particle_of(verb: Token, word: str) -> Token | None:
    """The verb's own particle or preposition ``word``, among its children and their children ("called on
    Tuesday on the UN": the second "on")."""
    return next((t for t in (*verb.children, *(g for c in verb.children for g in c.children))
                 if t.lower_ == word and _particle_fits(verb, t)), None)


def _prep_named(verb: Token, word: str, rest: tuple[str, ...]) -> Token | None:
    """The verb's preposition ``word`` anywhere after it, where the pattern names its object too: "beat the
    man to death" for "beat to death", whose object sits between the verb and "to"."""
    return next((c for c in verb.children if c.lower_ == word and c.dep_ == "prep" and any(
        g.dep_ == "pobj" and (_lemma(g) in rest or g.lower_ in rest) for g in c.children)), None)


def _match_verb(token: Token, lexicon: Lexicon) -> Hit | None:
    candidates = lexicon.verb_triggers(_lemma(token))
    if not candidates and token.lower_.endswith("ed"):  # "raped" lemmatized as "rap": the form less its "d"
        candidates = lexicon.verb_triggers(token.lower_[:-1])
    if not candidates:
        return None
    near: dict[str, Token] | None = None
    for trig in candidates:  # longest patterns first
        rest = trig.words[1:]
        if not rest:
            return Hit(token.i, token.i, token.i + 1, trig, "verb")
        if near is None:
            near = _nearby_lemmas(token)
        parts = {w: _particle_of(token, w) or _prep_named(token, w, rest) for w in rest if w in PARTICLES}
        if all(w in near for w in rest) and all(t is not None for t in parts.values()):
            near.update(parts)  # type: ignore[arg-type]
            idx = sorted([near[w].i for w in rest] + [token.i])
            return Hit(token.i, idx[0], idx[-1] + 1, trig, "verb+words", words=tuple(idx))
    return None


# Where a gerund the parser tagged as a verb stands for a noun: "killed in police firing", "resorted to
# firing", "the firing was unprovoked", "police firing left two dead".
NOMINAL_DEPS = frozenset({"pobj", "pcomp", "nsubj", "nsubjpass", "dobj", "appos", "attr", "compound", "conj"})


def nominal_gerund(token: Token) -> bool:
    """A verb-tagged "-ing" word used as a noun: in a noun's place, with no object of its own."""
    if not token.lower_.endswith("ing") or token.tag_ not in ("VBG", "NN"):
        return False
    if any(c.dep_ in ("dobj", "dative", "attr", "oprd", "acomp", "ccomp") for c in token.children):
        return False  # "firing rubber bullets", "shelling the town": a verb with its object
    if any(c.dep_ in ("det", "poss") or c.dep_ in ("compound", "amod", "nsubj") and c.i < token.i
           for c in token.children):
        return True  # "the firing", "police firing" (the police read as its subject)
    if token.dep_ == "acl":  # "police firing in bharuch": a noun read as a clause on (or after) a noun
        before = token.doc[token.i - 1] if token.i > 0 else token
        return before.pos_ in ("NOUN", "PROPN") and before.dep_ != "compound"
    if token.dep_ == "conj":
        return token.head.pos_ in ("NOUN", "PROPN")
    return token.dep_ in NOMINAL_DEPS


def _match_noun(token: Token, lexicon: Lexicon, lemma: str | None = None) -> Hit | None:
    lemma = lemma or _lemma(token)
    mods = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod")]
    for trig in lexicon.noun_triggers(lemma):  # longest first
        if len(trig.words) == 1:
            return Hit(token.i, token.i, token.i + 1, trig, "noun")
        need = trig.words[:-1]
        if len(mods) < len(need):
            continue
        have = mods[-len(need):]
        if all(word_matches(w, m.lower_, m.lemma_) for w, m in zip(need, have)):
            return Hit(token.i, have[0].i, token.i + 1, trig, "compound")
    return None


def by_sense(token: Token, hit: Hit | None, lexicon: Lexicon, pos: str) -> Hit | None:
    """The hit as its arguments decide (``senses.tsv``): recoded, dropped (a ``-`` row), kept (``=`` or no
    row fits), or found where the trigger rows have nothing ("engaged soldiers in a gun battle")."""
    found = sense_of(token, pos, lexicon.senses)
    if found is None or found.sense.cameo == KEEP:
        return hit
    sense = found.sense
    if hit is not None and sense.weight <= sum(1 if w in PARTICLES else 2 for w in hit.trigger.words[1:]) \
            and not found.inside.intersection(hit.words):
        # a trigger pattern that names as much ("cut funding" over cut obj=AID) keeps its code, unless the
        # words it took lie in the clause the row names ("said (that) X would adopt a resolution")
        return hit
    if sense.cameo == NO_EVENT:
        return None
    doc = token.doc
    # an object that names an event itself is one of the act's words ("halted the offensive" is one act)
    words = {*found.words, *(i for i in found.objects if lexicon.noun_triggers(_lemma(doc[i])))}
    base = hit.trigger if hit is not None else Trigger((_lemma(token),), pos, sense.cameo, False)
    extra = tuple(doc[i].lower_ if doc[i].dep_ in ("prep", "prt", "agent") else _lemma(doc[i])
                  for i in sorted(words) if i != token.i and _lemma(doc[i]) not in base.words)
    trigger = Trigger(base.words + extra, pos, sense.cameo, base.compound,
                      f"sense {sense.lemma} {sense.pattern} (senses.tsv:{sense.line})")
    if hit is None:
        hit = Hit(token.i, token.i, token.i + 1, trigger, "sense")
    idx = sorted({*hit.words, *words})
    return Hit(hit.head, min(idx[0], hit.start), max(idx[-1] + 1, hit.end), trigger, "sense", hit.light, tuple(idx))


class TriggerFinder:
    """Finds triggers in sentences; holds a phrase matcher for compounds the parse splits oddly
    ("sit-in", "state of emergency", "cease-fire")."""

    def __init__(self, make_doc: Callable[[str], Doc], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        vocab = make_doc("").vocab
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.by_key: dict[str, Trigger] = {}
        for trig in lexicon.compounds():
            text = " ".join(trig.words)
            if "-" in text or " of " in text:
                key = f"compound-{len(self.by_key)}"
                self.by_key[key] = trig
                forms = (text, text + "s", text + "es") + ((text[:-1] + "ies",) if text.endswith("y") else ())
                self.phrases.add(key, [make_doc(f) for f in forms])  # "cessation of hostilities"

    def __call__(self, sent: Span) -> list[Hit]:
        hits = find_triggers(sent, self.lexicon)
        taken = {i for h in hits for i in range(h.start, h.end)}
        strings = sent.doc.vocab.strings
        for key, first, last in self.phrases(sent):  # offsets into the Doc, not the sentence
            inside = [h for h in hits if first <= h.start and h.end <= last and h.end - h.start < last - first]
            if inside and all(h.end - h.start == 1 for h in inside):  # "lathi-charge" beats "charge" (accuse)
                hits = [h for h in hits if h not in inside]
                taken = {i for h in hits for i in range(h.start, h.end)}
            if any(i in taken for i in range(first, last)):
                continue
            head = sent.doc[first:last].root
            trigger = self.by_key[strings[key]]
            if head.pos_ == "VERB" and trigger.pos == "NOUN":  # "had to lathi-charge the mob": used as a verb
                trigger = replace(trigger, pos="VERB")
            hits.append(_with_light_verb(Hit(head.i, first, last, trigger, "phrase"), head))
            taken.update(range(first, last))
        return hits


def _with_light_verb(hit: Hit, token: Token) -> Hit:
    """Note the light verb whose object the noun trigger is: "launched air strikes", "staged a sit-in"."""
    t = token
    if t.dep_ in ("pobj", "pcomp") and t.head.dep_ == "prep" and t.head.lower_ in LIGHT_PREPS.get(_lemma(t.head.head), ()):
        verb = t.head.head  # "resorted to firing"
        return Hit(hit.head, hit.start, hit.end, hit.trigger, "light-verb", light=verb.i, words=hit.words)
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and answerable(t.head):
        verb = t.head.head.head  # "the cartel has been responsible for mass killings": the copula's subject did it
        return Hit(hit.head, hit.start, hit.end, hit.trigger, "light-verb", light=verb.i, words=hit.words)
    if t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.pos_ == "VERB" and hit.trigger.cameo.startswith("14") \
            and not any(c.dep_ in ("det", "poss") for c in t.children):
        # "residents blocked the road in protest": the verb is what the protesters did
        return Hit(hit.head, hit.start, hit.end, hit.trigger, "in-protest", light=t.head.head.i, words=hit.words)
    if t.dep_ == "pobj" and t.head.lower_ == "of" and _lemma(t.head.head) in QUANTITY_NOUNS:
        t = t.head.head  # "observed a total of 12 explosions": the quantity stands in the noun's place
    if t.dep_ == "dobj" and _lemma(t.head) in WITNESS_VERBS and t.head.pos_ == "VERB":
        return Hit(hit.head, hit.start, hit.end, hit.trigger, "witnessed", words=tuple(sorted({*hit.words, t.head.i})))
    if t.dep_ == "attr" and _lemma(t.head) == "be" and any(c.dep_ == "expl" for c in t.head.children):
        # "there were protests in the town": the existential "be" tells that the act took place
        return Hit(hit.head, hit.start, hit.end, hit.trigger, "light-verb", light=t.head.i, words=hit.words)
    for _ in range(3):
        passive = t.dep_ == "nsubjpass" and _lemma(t.head) in LIGHT_VERBS  # "arrests were made", "shells were lobbed"
        if t.dep_ not in ("dobj", "nmod", "compound", "amod", "conj") and not passive or t.head.i == t.i:
            return hit
        t = t.head
        if t.pos_ == "VERB":
            if _lemma(t) in LIGHT_VERBS and not any(c.dep_ == "oprd" for c in t.children):
                # but "called the explosion an attack" names the act: whoever calls it did not do it
                return Hit(hit.head, hit.start, hit.end, hit.trigger, "light-verb", light=t.i, words=hit.words)
            return hit
    return hit


# Words of death that a violent act named by a noun can be the cause of: "died in police firing",
# "succumbed to the firing", "deaths in police firing", "killed in the shelling".
DEATH_WORDS = frozenset({"die", "died", "dead", "death", "deaths", "succumb", "perish", "kill", "killed"})
CAUSE_PREPS = frozenset({"in", "to", "due", "from", "during", "of", "after", "by"})


def _with_outcome(hit: Hit, token: Token) -> Hit:
    """Take into the trigger the word of death that the noun trigger is the cause of ("died … firing"), so
    the record tells that the act killed even where no count is given ("more people died in the firing")."""
    if token.dep_ == "acl" and token.i > 0 and token.doc[token.i - 1] == token.head:
        token = token.head  # "died in police firing" read as "died in police", "firing" a clause on it
    prep = token.head
    if token.dep_ not in ("pobj", "pcomp") or prep.dep_ not in ("prep", "pcomp", "agent") \
            or prep.lower_ not in CAUSE_PREPS:
        return hit
    outcome = prep.head
    if outcome.lower_ == "due" and outcome.dep_ in ("amod", "prep"):  # "died due to police firing"
        outcome = outcome.head
    if outcome.lower_ not in DEATH_WORDS and _lemma(outcome) not in DEATH_WORDS or outcome.i in hit.words:
        return hit
    return Hit(hit.head, hit.start, hit.end, hit.trigger, hit.rule, hit.light, tuple(sorted({*hit.words, outcome.i})))


def _in_a_name(token: Token) -> bool:
    """A capitalised word inside an organisation's or a person's name, before its last word: "Amnesty
    International", "Strike Force Command". The name's head word may still name an act ("the Dayton Peace
    Agreement")."""
    if token.pos_ != "PROPN" or token.ent_type_ not in ("ORG", "PERSON") or token.ent_iob_ == "O":
        return False
    return any(t.ent_iob_ == "I" for t in token.doc[token.i + 1:token.i + 2])


def _adjective_as_noun(token: Token) -> bool:
    """A word tagged as an adjective standing in a noun's place: "launched an offensive" (the object, with its
    article), "the offensive began"."""
    return token.pos_ == "ADJ" and token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") \
        and any(c.dep_ == "det" for c in token.children)


def headline_verb(sent: Span, lexicon: Lexicon) -> int | None:
    """The verb of a headline-style sentence that the parser read as a noun: in "Residents of X protest against
    evictions" no word is a verb, and the first bare singular noun right after a noun, with a plural noun before
    it ("residents … protest"), whose lemma is a verb trigger is the present-tense verb of a plural subject
    ("scenes of protest" has a preposition before it)."""
    if any(t.pos_ in ("VERB", "AUX") for t in sent):
        return None
    plural = False
    for t in sent:
        if t.tag_ in ("NNS", "NNPS"):
            plural = True
        elif plural and t.tag_ == "NN" and t.lower_ == _lemma(t) and t.doc[t.i - 1].pos_ in ("NOUN", "PROPN") \
                and not any(c.dep_ in ("det", "poss", "nummod") for c in t.children) \
                and any(len(trig.words) == 1 for trig in lexicon.verb_triggers(t.lower_)):
            return t.i
    return None


def find_triggers(sent: Span, lexicon: Lexicon) -> list[Hit]:
    """Every event trigger in the sentence, at most one per head word."""
    hits: list[Hit] = []
    headline = headline_verb(sent, lexicon)
    for token in sent:
        if token.i == headline:
            hit = by_sense(token, _match_verb(token, lexicon), lexicon, "VERB")
            if hit is not None:
                hits.append(hit)
        elif token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT"):
            if token.dep_ in ("acl", "relcl") and any(c.lower_ == "to" and c.dep_ == "aux" for c in token.children) \
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
                continue  # "a pleasant place to visit", "the right to protest": no act is told
            hit = _match_noun(token, lexicon, token.lower_) if nominal_gerund(token) else None
            if hit is not None:
                hits.append(_with_outcome(_with_light_verb(hit, token), token))
                continue
            hit = by_sense(token, _match_verb(token, lexicon), lexicon, "VERB")
            if hit is not None:
                hits.append(hit)
        elif token.pos_ in ("NOUN", "PROPN") and token.ent_type_ not in ("DATE", "TIME") and not _in_a_name(token) \
                or _adjective_as_noun(token):  # "an offensive two weeks ago" may be read into the date
            hit = _match_noun(token, lexicon)
            if hit is not None and hit.rule == "noun":
                hit = by_sense(token, hit, lexicon, "NOUN")  # "withdrawal of troops", "of aid"
            if hit is None:
                continue
            hits.append(_with_outcome(_with_light_verb(hit, token), token))
    # A light verb that is itself a trigger ("launched 30 missiles" is fine, but "held talks"
    # should be CONSULT from "talks", not a second event from "hold"): drop the verb.
    # But a verb pattern that names the noun itself ("ended mediation efforts", "sanctions were lifted",
    # "rejected the accusations") is the one act, and the noun is one of its words.
    taken = {i for h in hits if h.rule in ("verb+words", "sense") for i in h.words if i != h.head}
    hits = [h for h in hits if not (h.pos == "NOUN" and h.head in taken)]
    verbs = {h.head for h in hits if h.pos == "VERB"}  # "suspended aid in protest": the verb's own act stays
    hits = [h for h in hits if not (h.rule == "in-protest" and h.light in verbs)]
    light_heads = {h.light for h in hits if h.light is not None}
    return [h for h in hits if h.head not in light_heads]
