"""Turning the words at an argument position into actors with a code and a sector.

A cascade, the winner recorded in the actor's name:
1. knowledge-base entries inside the noun phrase (groups, IGOs, countries, capitals, demonyms),
   with the sector from role words ("Russian defence ministry" → RUS MIL);
2. a role word alone ("rebels", "police") takes the country the article is about, unless the text names
   the doers without a side ("gunmen", "troops": unnamed.py);
3. a name within one or two edits of a knowledge-base name ("Hezbolah"), flagged ``fuzzy``;
4. a person with a title beside the name ("Jane Okoth, the Kenyan interior minister" → KEN GOV: titles.py),
   kept for later mentions ("Okoth said");
5. a named entity spaCy found that the knowledge base does not know (code unknown);
6. pronouns: the speaker of the reported speech they sit in, else the last actor named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from ..kb import Entry, KnowledgeBase
from ..model import Actor
from ..nlp.kbmatch import KBMatch
from .parsed import doc_text
from .syntax import noun_phrase, pobjs, with_conjuncts
from .titles import entity_span, name_key, person_named, titles_of
from .unnamed import POSSESSIVES, SECTOR_NAMES, localise, thing_doer, thing_target

__all__ = ["POSSESSIVES", "ActorResolver", "ArticleActors", "localise", "thing_doer", "thing_target"]

# Head nouns that are things belonging to an actor: "Islamic State targets", "rebel positions".
THING_NOUNS = frozenset({
    "target", "position", "base", "stronghold", "convoy", "headquarters", "depot", "checkpoint", "camp",
    "facility", "infrastructure", "hideout", "post", "outpost", "vehicle", "asset", "installation",
    "territory", "area", "line", "fighter", "member", "unit", "office", "embassy", "compound", "ship",
    "vessel", "aircraft", "jet", "plane", "drone", "warplane", "helicopter", "tank", "supply", "route",
    "site", "building", "warehouse", "command", "center", "centre", "network", "cell", "leader",
    "commander", "official", "spokesman", "spokeswoman", "spokesperson",
})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "them", "him", "her", "us"})
KIND_RANK = {"group": 0, "igo": 1, "ngo": 1, "media": 2, "institution": 2, "person": 3, "capital": 3, "country": 4}
OWNS_ROLES = frozenset({"country", "capital", "person"})  # "Russian troops", "Moscow's envoy", "Assad's forces"
VIOLENT_IMPLIES_MIL = frozenset({"ASSAULT", "MOBILIZE"})


@dataclass
class ArticleActors:
    """What the resolver knows about one article: its KB matches and the actors seen so far."""

    kb: KnowledgeBase
    matches: Sequence[KBMatch]
    main_country: str | None = None
    last_person: Actor | None = None
    last_actor: Actor | None = None
    by_head: dict[str, Actor] = field(default_factory=dict)
    skip_before: int = 0  # the dateline's end: "DUBAI, Jan 12 (Gulf Dispatch) -" names no actor  # "official" → the U.S. official named before
    by_token: dict[int, KBMatch] = field(default_factory=dict)
    people: dict[str, Actor] = field(default_factory=dict)  # a person by title, by name and surname: "Okoth"

    def __post_init__(self) -> None:
        for m in self.matches:
            for i in range(m.start_token, m.end_token):
                self.by_token[i] = m


def _actor_from_entry(m: KBMatch, text: str, start: int, end: int, role: str | None,
                      role_sector: str | None, hint: str | None) -> Actor:
    entry = m.entry
    if entry.kind == "country":
        sector = role_sector
        if sector is None and role is None and m.form == "demonym" and hint in VIOLENT_IMPLIES_MIL:
            sector = "MIL"  # "Russian air strikes": a demonym on a military act is the military
        adjective = entry.demonyms[0] if entry.demonyms else entry.name
        return Actor(text, f"{adjective} {role}" if role else entry.name, entry.code, sector, start, end)
    if entry.kind == "capital":  # metonymy: "Moscow" is the Russian government, "the Pentagon" its military
        return Actor(text, entry.name, entry.code, role_sector or entry.sector, start, end)
    if entry.kind == "person" and role_sector is not None and role_sector != entry.sector:
        # "Assad's forces": the people a leader commands are the leader's state's (or group's) role-bearers
        return Actor(text, f"{entry.name}'s {SECTOR_NAMES.get(role_sector, role)}", entry.code, role_sector, start, end)
    return Actor(text, entry.name, entry.code, entry.sector or role_sector, start, end)


def _role(kb: KnowledgeBase, words: str) -> tuple[str | None, str | None]:
    """The role phrase and its sector inside a lowercase noun phrase."""
    sector = kb.sector_of(words)
    if sector is None:
        return None, None
    # the role words: the phrase without names, determiners and numbers
    return words, sector


class ActorResolver:
    """Resolves argument tokens to actors for one article."""

    def __init__(self, state: ArticleActors) -> None:
        self.state = state
        self._line_start: int | None = None  # where the dateline's line starts (one resolver per article)

    def resolve(self, token: Token, *, hint: str | None = None, speaker: Sequence[Actor] = ()) -> list[Actor]:
        """All actors at this argument position (coordinated ones included)."""
        out: list[Actor] = []
        for t in with_conjuncts(token):
            for actor in self._resolve_one(t, hint=hint, speaker=speaker):
                if all(a.name != actor.name for a in out):
                    out.append(actor)
        return out

    def _resolve_one(self, token: Token, *, hint: str | None, speaker: Sequence[Actor]) -> list[Actor]:
        state = self.state
        if self._in_dateline(token.doc, token.idx):  # "DOHA, Jan 16 (Wire) - Israel and Hamas agreed", parsed
            escaped = [t for t in token.subtree if t.idx >= state.skip_before and t.pos_ in ("NOUN", "PROPN")
                       and self._in_dateline(t.doc, t.head.idx)]  # with DOHA as the subject: Israel and Hamas
            return self.resolve(escaped[0], hint=hint, speaker=speaker) if escaped else []
        if token.like_num or token.lemma_.lower() in QUANTITY_HEADS and pobjs(token, "of"):  # "hundreds of protesters"
            return [a for o in pobjs(token, "of") for a in self._resolve_one(o, hint=hint, speaker=speaker)]
        if token.lower_ in PRONOUNS:
            return self._pronoun(token, speaker)
        if token.lower_ in ("who", "which", "that") and token.head.dep_ == "relcl":  # "Eritrea, which shelled…"
            return self._resolve_one(token.head.head, hint=hint, speaker=speaker)
        if any(c.lower_ == "whose" for c in token.children):  # "Eritrea, whose troops fought…"
            clause = token.head
            for _ in range(3):
                if clause.dep_ == "relcl":
                    return self._resolve_one(clause.head, hint=hint, speaker=speaker)
                clause = clause.head
        span = noun_phrase(token)
        if self._in_dateline(span.doc, span.start_char):  # "PARIS Oct 16 (Wire) - French police": the police
            span = span.doc[next(t.i for t in span if t.idx >= state.skip_before):span.end]
        found = self._entries_in(span)
        owned = False  # the names come from an owner phrase: "the government of Gondor", "lawmakers in Arnor"
        if token.lemma_.lower() in THING_NOUNS or not found:
            # "lawmakers in Arnor", "positions in Idlib"; but "a bombing in Baghdad" names a place, not a doer
            place_owner = token.lemma_.lower() in THING_NOUNS or state.kb.sector_of(token.lower_) is not None
            owner = pobjs(token, "of", "to", "by", "from", *(("in",) if place_owner else ())) \
                or [c for c in token.children if c.dep_ == "acl"]
            for clause_or_owner in owner:  # "positions of Islamic State", "targets belonging to Nusra Front"
                o = clause_or_owner
                if o.dep_ == "acl":
                    belonging = pobjs(o, "to", "by")
                    if not belonging:
                        continue
                    o = belonging[0]
                if not found and o.pos_ in ("NOUN", "PROPN"):
                    found = [m for t in with_conjuncts(o) for m in self._entries_in(noun_phrase(t))]
                    owned = bool(found)
                if not found and o.pos_ == "PROPN" and token.lemma_.lower() in THING_NOUNS \
                        and o.ent_type_ in ("ORG", "NORP", ""):  # "members of the Farabundo Marti Front":
                    named = self._resolve_one(o, hint=hint, speaker=speaker)  # a group the KB does not know
                    if named:
                        return named
        owner_words = {t.i for c in token.children if c.dep_ == "poss" for t in c.subtree}
        words = " ".join(t.lower_ for t in span if t.i not in state.by_token  # the role, without the names:
                         and t.pos_ not in ("DET", "NUM", "PRON", "PUNCT", "PART", "CCONJ")  # "Russian and
                         and t.ent_type_ != "PERSON" and t.i not in owner_words)  # Turkish troops", "Assad's forces"
        role, role_sector = _role(state.kb, words)
        thing = token.lemma_.lower() in THING_NOUNS
        if not found and (role_sector is not None or thing):  # "its jets", "their fighters", "its positions"
            owned_by = [a for c in token.children if c.dep_ == "poss" and c.lower_ in POSSESSIVES
                        for a in self._pronoun(c, speaker)]
            if owned_by and (thing or owned_by[0].sector not in ("GOV", "MIL", "COP", None)):
                actor = replace(owned_by[0], text=span.text, start=span.start_char, end=span.end_char,
                                sector=owned_by[0].sector or role_sector)
                state.last_actor = actor  # the group's own fighters, the army's own positions: the owner
                return [actor]
            if owned_by and owned_by[0].code:
                entry = state.kb.get(f"country:{owned_by[0].code}")
                adjective = (entry.demonyms[0] if entry and entry.demonyms else owned_by[0].code)
                actor = Actor(span.text, f"{adjective} {SECTOR_NAMES.get(role_sector or '', role or '')}", owned_by[0].code,
                              role_sector if role_sector in ("MIL", "COP", "GOV", "REB") else owned_by[0].sector,
                              span.start_char, span.end_char)
                state.last_actor = actor
                return [actor]
        misspelt = None if found else _misspelt(state, span)
        if misspelt is not None:  # "Hezbolah fighters", "the Free Syrain Army": a known name, misspelt
            entry, fuzzy = misspelt
            sector = role_sector if entry.kind == "country" else entry.sector or role_sector
            actor = Actor(span.text, entry.name, entry.code, sector, span.start_char, span.end_char, fuzzy)
            state.last_actor = actor
            return [actor]
        if found:
            groups = [m for m in found if m.entry.kind != "country"]
            pick = groups if groups and role_sector not in ("GOV", "MIL") else found
            best = min(KIND_RANK.get(m.entry.kind, 5) for m in pick)
            pick = [m for m in pick if KIND_RANK.get(m.entry.kind, 5) == best]
            actors = []
            for m in pick:
                owns_role = m.entry.kind in OWNS_ROLES
                inside = owned or span.start <= m.start_token and m.end_token <= span.end
                if len(pick) == 1 and inside and not owned:  # the whole phrase: "The Russian defence ministry"
                    text, start, end = span.text, span.start_char, span.end_char
                else:
                    text, start, end = m.text, m.start_char, m.end_char
                actors.append(_actor_from_entry(m, text, start, end, role if owns_role and inside else None,
                                                role_sector if owns_role and inside else None, hint))
            titled = person_named(token, span) if len(actors) == 1 and role_sector is not None else None
            if titled is not None and actors[0].code is not None:
                # "Kenyan Interior Minister Jane Okoth", "Syria's army chief of staff, Lt. Gen. Y": the person,
                # with the title's country and sector
                actors[0] = replace(actors[0], name=titled.text)
                state.last_person = actors[0]
                self._remember(titled.text, actors[0])
            state.last_actor = actors[0]
            if len(actors) == 1 and actors[0].sector:
                state.by_head[token.lemma_.lower()] = actors[0]
                for head in KIND_HEADS.get(pick[0].entry.kind, ()):  # "SANA … the state news agency"
                    state.by_head[head] = actors[0]
            return actors
        earlier = state.by_head.get(token.lemma_.lower())
        if earlier is not None and any(t.lower_ in ("the", "this", "that", "these", "those") for t in span) \
                and not any(t.pos_ == "PROPN" and t.i != token.i for t in span):  # "the Islamic Stat group": its own
            # "the official" after "a senior U.S. defence official": the same actor
            actor = replace(earlier, text=span.text, start=span.start_char, end=span.end_char)
            state.last_actor = actor
            return [actor]
        if role_sector is not None:
            person = entity_span(token) if token.ent_type_ == "PERSON" else None
            # "Defence Secretary Ben Wallace": a named person keeps the name, the title gives the sector
            actor = Actor(span.text, person.text if person is not None else SECTOR_NAMES.get(role_sector, words),
                          None, role_sector, span.start_char, span.end_char)
            if person is not None:
                state.last_person = actor
                self._remember(person.text, actor)
            state.last_actor = actor
            return [actor]
        unknown_name = token.pos_ == "PROPN" and not token.ent_type_ and token.dep_ in ("nsubj", "nsubjpass", "pobj") \
            and (token.dep_ != "pobj" or token.head.lower_ == "by")  # "raids on Maarat al-Numan": a place
        if token.ent_type_ in ("PERSON", "ORG", "NORP") or unknown_name:
            ent = entity_span(token) or span
            earlier = state.people.get(name_key(ent.text))
            if earlier is not None and not (token.ent_type_ == "PERSON" and titles_of(token, ent)):
                again = replace(earlier, text=ent.text, start=ent.start_char, end=ent.end_char)
                state.last_person = state.last_actor = again
                return [again]
            titled_person = self._person(token, ent) if token.ent_type_ == "PERSON" else None
            if titled_person is not None:  # "Jane Okoth, the Kenyan interior minister"
                state.last_person = state.last_actor = titled_person
                return [titled_person]
            sector = state.kb.sector_of(" ".join(t.lower_ for t in span))
            found_as = state.kb.find(ent.text) if token.ent_type_ != "PERSON" else None  # spun or misspelt names
            if found_as is not None and found_as[0].kind != "capital":
                entry = found_as[0]
                actor = Actor(ent.text, entry.name, entry.code, entry.sector or sector, ent.start_char, ent.end_char,
                              found_as[1])
            else:
                actor = Actor(ent.text, ent.text, None, sector, ent.start_char, ent.end_char)
            if token.ent_type_ == "PERSON":
                state.last_person = actor
            state.last_actor = actor
            return [actor]
        return []

    def _person(self, token: Token, ent: Span) -> Actor | None:
        """A person with the country and sector of a title given beside the name ("Jane Okoth, the Kenyan
        interior minister"; "X, a spokesman for the Kenyan army"), or of the title given before in the article."""
        for title in titles_of(token, ent):
            found = self._title(title)
            if found is not None:
                code, sector = found
                actor = Actor(ent.text, ent.text, code, sector, ent.start_char, ent.end_char)
                self._remember(ent.text, actor)
                return actor
        return None

    def _title(self, title: Token) -> tuple[str | None, str | None] | None:
        """The country (or body) and sector a title names: "the Kenyan interior minister" → (KEN, GOV),
        "a spokesman for the Kenyan army" → (KEN, MIL); None when it names neither a role nor its owner."""
        kb = self.state.kb
        span = noun_phrase(title)
        found = self._entries_in(span)
        words = " ".join(t.lower_ for t in span if t.i not in self.state.by_token
                         and t.pos_ not in ("DET", "NUM", "PRON", "PUNCT", "PART", "CCONJ", "PROPN"))
        sector = kb.sector_of(words)
        spokesman = title.lemma_.lower() in THING_NOUNS  # "a spokesman for the Kenyan army": the army's
        if sector is None and not spokesman:
            return None  # "Jane Okoth, a mother of three": no role
        for owner in pobjs(title, "of", "for", "at", "to"):
            owner_span = noun_phrase(owner)
            owner_sector = kb.sector_of(" ".join(t.lower_ for t in owner_span if t.i not in self.state.by_token))
            sector = owner_sector or sector
            found = found or self._entries_in(owner_span)
        if not found or sector is None and found[0].entry.kind in OWNS_ROLES:
            return None
        entry = found[0].entry
        return entry.code, sector if entry.kind in OWNS_ROLES else entry.sector or sector

    def _remember(self, name: str, actor: Actor) -> None:
        """Keep a titled person for later mentions: by the whole name and by the surname."""
        self.state.people[name_key(name)] = actor
        parts = name.split()
        if len(parts) > 1 and len(parts[-1]) > 2:
            self.state.people.setdefault(name_key(parts[-1]), actor)

    def _in_dateline(self, doc: Doc, at: int) -> bool:
        """Whether a character offset lies in the dateline ("PARIS, Oct 16 (Wire) -"), which names no actor;
        a headline above it does."""
        skip = self.state.skip_before
        if skip <= 0:
            return False
        if self._line_start is None:  # Doc.text joins every token: read it once per article
            self._line_start = doc_text(doc).rfind("\n", 0, skip)
        return self._line_start < at < skip

    def _entries_in(self, span: Span) -> list[KBMatch]:
        seen: list[KBMatch] = []
        for i in range(span.start, span.end):
            m = self.state.by_token.get(i)
            if m is not None and m not in seen and not _backer(span.doc, m) \
                    and not self._in_dateline(span.doc, m.start_char):
                seen.append(m)
        return seen

    def _named_before(self, token: Token) -> Actor | None:
        """The nearest group or organisation the knowledge base knows, earlier in the pronoun's sentence."""
        sent = token.sent
        best = None
        for m in self.state.matches:
            if sent.start <= m.start_token and m.end_token <= token.i and m.entry.kind not in ("country", "capital") \
                    and not _backer(token.doc, m) and (best is None or m.start_token > best.start_token):
                best = m
        if best is None:
            return None
        return _actor_from_entry(best, best.text, best.start_char, best.end_char, None, None, None)

    def _pronoun(self, token: Token, speaker: Sequence[Actor]) -> list[Actor]:
        lower = POSSESSIVES.get(token.lower_, token.lower_)
        if lower in ("he", "she", "him", "her"):
            return [self.state.last_person] if self.state.last_person else []
        if speaker and lower in ("it", "they", "we", "them", "us"):
            return list(speaker)  # "the ministry said it hit 60 targets"
        if lower in ("it", "they", "them"):
            named = self._named_before(token)  # "a Free Syrian Army faction … its fighters"
            if named is not None:
                return [named]
            if self.state.last_actor is not None:
                return [self.state.last_actor]
        return []


BACKING_WORDS = frozenset({"backed", "led", "allied", "supported", "funded", "aligned", "sponsored", "armed",
                           "trained", "based", "controlled", "held", "run", "linked", "affiliated", "inspired"})


def _backer(doc: Doc, m: KBMatch) -> bool:
    """A name that only qualifies the actor: "Kremlin-backed rebels", "pro-Russian separatists"."""
    after = doc[m.end_token:m.end_token + 2]
    if len(after) == 2 and after[0].text in ("-", "–") and after[1].lower_ in BACKING_WORDS:
        return True
    before = doc[max(0, m.start_token - 2):m.start_token]
    return len(before) == 2 and before[1].text in ("-", "–") and before[0].lower_ in ("pro", "anti")


def _misspelt(state: ArticleActors, span: Span) -> tuple[Entry, bool] | None:
    """The knowledge-base entry that a run of proper nouns the matcher missed is a close misspelling of, and
    whether only as a misspelling (a spelling the matcher missed may also be an exact name)."""
    runs: list[list[Token]] = []
    for t in span:
        if t.pos_ == "PROPN" and t.i not in state.by_token:
            if runs and runs[-1][-1].i == t.i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
    for run in runs:
        found = state.kb.find(span.doc[run[0].i:run[-1].i + 1].text)
        if found is not None and found[0].kind != "capital":
            return found
    return None


# Head nouns by which a named actor is taken up again: "SANA … the agency", "NATO … the alliance".
KIND_HEADS = {
    "media": ("agency", "broadcaster", "channel", "newspaper", "outlet", "network", "television", "station"),
    "group": ("group", "organisation", "organization", "movement", "faction", "militia", "militants", "rebels",
              "insurgents", "jihadists", "fighters"),
    "igo": ("alliance", "organisation", "organization", "body", "bloc", "union", "council", "mission", "agency"),
    "ngo": ("organisation", "organization", "group", "charity", "monitor", "agency"),
}
QUANTITY_HEADS = frozenset({"hundred", "thousand", "dozen", "ten", "score", "million", "number", "group",
                            "handful", "couple", "dozens", "hundreds", "thousands", "tens", "scores", "millions"})
