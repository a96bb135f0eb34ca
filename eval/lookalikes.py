"""A synthetic set of dated look-alike incidents, to tune the grouping of articles into incidents on the kind of
news the issue's hidden set holds: many incidents of one kind on one day in different towns of one country,
each told by 1-4 outlets in their own words. Every sentence template here was written for this file; the
towns are real places from sitreps' own gazetteer (the cities table it ships), the people, outlets and
figures are made up. Ours and synthetic: it is not the hidden set and no dev text is in it.

    python eval/lookalikes.py generate OUT [--incidents 300] [--seed 13]
    python eval/lookalikes_score.py OUT           # ingest, incidents, score (eval/lookalikes_score.py)

OUT/articles.jsonl: one article a line {"id", "title", "text", "published", "outlet"} (what `sitreps ingest`
reads); OUT/gold.jsonl: one incident a line {"id", "articles", "killed", "injured", "date", "town", "country"}.

What varies: headline styles (a figure first, the town first, "Country: …", a rising toll), datelines (the
town, the state capital, none), dates told relative to publication ("on Tuesday", "yesterday", "on Monday
night") or absolute, the figure as digits or words, outlets' counts (the same, an early "at least" lower
count, a later higher toll that is the final one, an official's count beside residents' higher one), the
officials quoted (one spokesman per state, so look-alikes in one state share his name), reactions, arrests,
a background paragraph, a passing mention of another incident of the set, and wire copies (one outlet's
text under another's name). The gold killed figure is the final count: what the latest report gives.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

# country ISO3 -> (name, adjective, attackers, security force, the state's word, its governor's title)
COUNTRIES: dict[str, tuple[str, str, list[str], str, str, str]] = {
    "NGA": ("Nigeria", "Nigerian", ["gunmen", "bandits", "suspected jihadists", "armed men on motorcycles"],
            "the army", "state", "governor"),
    "PAK": ("Pakistan", "Pakistani", ["militants", "unidentified gunmen", "armed assailants"],
            "the police", "province", "chief minister"),
    "MEX": ("Mexico", "Mexican", ["gunmen", "suspected cartel members", "armed men"],
            "the National Guard", "state", "governor"),
    "PHL": ("Philippines", "Philippine", ["communist rebels", "gunmen", "suspected militants"],
            "the army", "province", "governor"),
    "COD": ("Congo", "Congolese", ["rebels", "militiamen", "armed men"], "the army", "province", "governor"),
    "IND": ("India", "Indian", ["militants", "unidentified gunmen", "armed assailants"],
            "the police", "state", "chief minister"),
}
FIRST = "Ahmed Musa Grace Daniel Maria Carlos Imran Sani Joseph Amina Luis Rosa Ali Peter Sarah Juan".split()
LAST = ("Bello Okafor Khan Hernandez Cruz Mbala Singh Ouedraogo Ramirez Yusuf Santos Kabila Patel Diallo Torres "
        "Adamu Reyes Sharma Kone Lopez").split()
OUTLETS = ["Daily Ledger", "The Morning Courier", "Continental Wire", "Metro Herald", "Global Dispatch",
           "The Evening Standard-Post", "Frontline Times", "Regional Observer", "Newsline Agency", "The Citizen Daily"]
WIRES = ["Continental Wire", "Newsline Agency"]


@dataclass
class Incident:
    id: str
    kind: str
    country: str
    town: str
    admin1: str
    capital: str  # the state's capital, a dateline some outlets use
    day: date
    killed: int
    injured: int
    attackers: str
    victims: str
    spokesman: str
    articles: list[str] = field(default_factory=list)


def towns(countries: list[str], per_country: int, rng: random.Random) -> dict[str, list[tuple[str, str, str]]]:
    """Real towns from sitreps' gazetteer: (town, admin1, the admin1's biggest town), names one word and
    unambiguous in the gazetteer, 10,000 to 300,000 people."""
    import duckdb

    from sitreps.geo.gazetteer import default_path

    con = duckdb.connect(str(default_path()), read_only=True)
    out: dict[str, list[tuple[str, str, str]]] = {}
    for iso3 in countries:
        rows = con.execute(
            "SELECT p.name, p.admin1 FROM places p WHERE p.kind = 'city' AND p.country = ? AND p.admin1 IS NOT NULL"
            " AND p.population BETWEEN 10000 AND 300000 AND regexp_matches(p.name, '^[A-Z][a-z]{3,}$')"
            " AND (SELECT count(*) FROM places q WHERE q.name = p.name) = 1 ORDER BY p.name", [iso3]).fetchall()
        capital = dict(con.execute(
            "SELECT admin1, arg_max(name, population) FROM places WHERE kind = 'city' AND country = ?"
            " AND admin1 IS NOT NULL GROUP BY 1", [iso3]).fetchall())
        chosen = rng.sample(rows, min(per_country, len(rows)))
        out[iso3] = [(name, _plain(admin1), capital.get(admin1, name)) for name, admin1 in chosen]
    con.close()
    return out


def _plain(name: str) -> str:
    """An admin1 name as news writes it: no diacritics, no bracketed region number."""
    name = unicodedata.normalize("NFKD", name.split(" (")[0])
    return "".join(c for c in name if not unicodedata.combining(c))


KINDS = ("raid", "bombing", "ambush", "airstrike", "protest", "kidnap")


def _n(k: int, rng: random.Random, start: bool = False) -> str:
    word = NUMBER_WORDS[k] if k < len(NUMBER_WORDS) and rng.random() < 0.5 else str(k)
    return word.capitalize() if start else word


def incidents(n: int, rng: random.Random) -> list[Incident]:
    """``n`` incidents over a few weeks: each day and country gets a burst of one kind in several towns."""
    places = towns(list(COUNTRIES), 120, rng)
    spokesmen: dict[str, str] = {}
    out: list[Incident] = []
    start = date(2031, 3, 2)
    while len(out) < n:
        iso3 = rng.choice(list(COUNTRIES))
        day = start + timedelta(days=rng.randrange(40))
        kind = rng.choice(KINDS)
        pool = [p for p in places[iso3] if not any(i.town == p[0] for i in out)]
        by_state: dict[str, list[tuple[str, str, str]]] = {}
        for p in pool:
            by_state.setdefault(p[1], []).append(p)
        if not pool:
            continue
        state = rng.choice(sorted(by_state, key=lambda s: -len(by_state[s]))[:4])  # same-state look-alikes
        burst = by_state[state][:rng.randint(1, 3)] + rng.sample(pool, min(len(pool), rng.randint(1, 3)))
        attackers = COUNTRIES[iso3][2]
        seen: set[str] = set()
        for town, admin1, capital in burst:
            if town in seen or len(out) >= n:
                continue
            seen.add(town)
            killed = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 17, 21, 30]) if kind != "kidnap" \
                else rng.choice([0, 1, 2, 3])
            killed = max(killed, 1) if kind != "protest" else max(1, min(killed, 9))
            victims = {"raid": "villagers", "bombing": "people", "ambush": "soldiers" if rng.random() < 0.6
                       else "police officers", "airstrike": "civilians", "protest": "protesters",
                       "kidnap": "people"}[kind]
            spokesman = spokesmen.setdefault(admin1, f"{rng.choice(FIRST)} {rng.choice(LAST)}")
            out.append(Incident(f"i{len(out):04d}", kind, iso3, town, admin1, capital, day, killed,
                                rng.choice([0, 0, 2, 3, 5, 8, 12, 20]), rng.choice(attackers), victims, spokesman))
    return out


def _when(incident: Incident, published: date, rng: random.Random) -> str:
    gap = (published - incident.day).days
    weekday = WEEKDAYS[incident.day.weekday()]
    if gap == 1 and rng.random() < 0.4:
        return rng.choice(["yesterday", "late yesterday", "on Monday night".replace("Monday", weekday)])
    if gap == 0 and rng.random() < 0.3:
        return rng.choice(["early today", "on " + weekday + " morning"])
    if rng.random() < 0.25:
        return f"on {incident.day.day} {incident.day.strftime('%B')}"
    return rng.choice([f"on {weekday}", f"late on {weekday}", f"on {weekday} night", f"on {weekday} afternoon"])


def _act(i: Incident, k: str, when: str, rng: random.Random) -> str:
    """The lede: who did what to whom, where, when, how many killed."""
    where = rng.choice([f"in {i.town}", f"in the town of {i.town}", f"in {i.town}, {i.admin1}"])
    state = COUNTRIES[i.country][4]
    options = {
        "raid": [(f"{i.attackers.capitalize()} killed {k} villagers {when} in an attack on {i.town} in {i.admin1}"
                  f" {state}"), f"{_cap(k)} people were killed when {i.attackers} stormed {i.town} {when}",
                 f"{i.attackers.capitalize()} attacked {i.town} {when}, killing {k} residents and burning homes"],
        "bombing": [f"A bomb exploded at a crowded market {where} {when}, killing {k} people",
                    f"{_cap(k)} people were killed {when} when an explosive device went off near a bus station {where}",
                    f"A suicide bomber blew himself up at a mosque {where} {when}, killing {k} worshippers"],
        "ambush": [f"{i.attackers.capitalize()} ambushed a patrol near {i.town} {when}, killing {k} {i.victims}",
                   f"{_cap(k)} {i.victims} were killed {when} when {i.attackers} opened fire on their convoy {where}",
                   f"An attack on a security checkpoint {where} {when} left {k} {i.victims} dead"],
        "airstrike": [f"An air strike hit a village near {i.town} {when}, killing {k} civilians",
                      f"{_cap(k)} civilians were killed {when} when military jets bombed {i.town}",
                      f"Warplanes struck a market {where} {when}, killing {k} people, residents said"],
        "protest": [f"Police opened fire on protesters {where} {when}, killing {k} people",
                    f"{_cap(k)} demonstrators were shot dead {when} as police broke up a protest {where}",
                    f"Security forces killed {k} protesters {when} during a march against fuel prices {where}"],
        "kidnap": [f"{i.attackers.capitalize()} abducted dozens of people and killed {k} {when} in a raid on {i.town}",
                   f"{_cap(k)} people were killed and several abducted {when} when {i.attackers} raided {i.town}",
                   f"{i.attackers.capitalize()} kidnapped travellers on a highway {where} {when}, killing {k}"],
    }
    return rng.choice(options[i.kind]) + "."


def _cap(k: str) -> str:
    return k[:1].upper() + k[1:]


def _title(i: Incident, figure: str, rising: bool, rng: random.Random) -> str:
    name = COUNTRIES[i.country][0]
    verb = {"raid": "attack", "bombing": "blast", "ambush": "ambush", "airstrike": "air strike",
            "protest": "protest shooting", "kidnap": "raid"}[i.kind]
    if rising:
        return rng.choice([f"Death toll from {i.town} {verb} rises to {figure}",
                           f"{i.town} {verb}: toll climbs to {figure}"])
    return rng.choice([f"{_cap(figure)} killed in {verb} in {i.town}",
                       f"{name}: {_cap(figure)} dead as {i.attackers} strike {i.town}" if i.kind in ("raid", "ambush",
                       "kidnap") else f"{name}: {verb.capitalize()} kills {figure} in {i.admin1}",
                       f"{i.town} {verb} leaves {figure} dead",
                       f"{_cap(figure)} killed in {i.admin1} {verb}, officials say"])


def article(i: Incident, outlet: str, published: date, figure: int, at_least: bool, rising: bool,
            other: Incident | None, rng: random.Random) -> tuple[str, str]:
    """One outlet's report of an incident: (title, text)."""
    name, adjective, _, force, state, leader = COUNTRIES[i.country]
    when = _when(i, published, rng)
    k = ("at least " if at_least else "") + _n(figure, rng)
    paragraphs = []
    lede = _act(i, k, when, rng)
    dateline = rng.random()
    if dateline < 0.35:
        lede = f"{i.town.upper()}, {name} ({outlet}) - " + lede
    elif dateline < 0.55:
        lede = f"{i.capital.upper()}, {name} - " + lede
    paragraphs.append(lede)
    told = rng.choice(["said", "told reporters", "confirmed in a statement"])
    paragraphs.append(rng.choice([
        f"{i.spokesman}, a {i.admin1} police spokesman, {told} that {_n(figure, rng)} bodies had been recovered.",
        f"\"We have recovered {_n(figure, rng)} bodies,\" {i.spokesman}, spokesman for the {i.admin1} police, {told}.",
        f"A local official, who asked not to be named, said {k} people had died."]))
    if rising:
        paragraphs.append(f"Earlier reports had put the toll at {_n(max(1, figure - rng.randint(1, 3)), rng)}.")
    if i.injured and rng.random() < 0.7:
        paragraphs.append(rng.choice([f"Another {_n(i.injured, rng)} were wounded and taken to hospital in {i.capital}.",
                                      f"{_cap(_n(i.injured, rng))} people were injured, the official said."]))
    if rng.random() < 0.25:
        paragraphs.append(f"Residents of {i.town} said the death toll was higher, putting it at {figure + rng.randint(2, 6)}.")
    if rng.random() < 0.4:
        paragraphs.append(rng.choice([
            f"The {leader} of {i.admin1} condemned the attack and ordered {force} to hunt down those responsible.",
            "Police said two suspects had been arrested in connection with the attack.",
            "No group has claimed responsibility for the attack."]))
    if other is not None:
        paragraphs.append(f"It was the second deadly incident in {name} this week after {other.attackers} killed"
                          f" {_n(other.killed, rng)} people in {other.town} on {WEEKDAYS[other.day.weekday()]}.")
    if rng.random() < 0.5:
        paragraphs.append(rng.choice([
            f"Violence has surged across {adjective} {state}s this year, with hundreds killed in attacks.",
            f"The {adjective} government has struggled to contain insecurity in the region.",
            f"{i.admin1} is among the areas worst hit by the violence."]))
    title = _title(i, _n(figure, rng), rising, rng)
    return title, "\n\n".join(paragraphs)


def generate(n: int, seed: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    rng = random.Random(seed)
    found = incidents(n, rng)
    rows: list[dict[str, object]] = []
    for i in found:
        count = rng.choices([1, 2, 3, 4], weights=[40, 30, 20, 10])[0]
        outlets = rng.sample(OUTLETS, count)
        gaps = sorted(rng.choice([0, 1, 1, 2]) for _ in outlets)
        earlier = [o for o in found if o.country == i.country and o.day < i.day and (i.day - o.day).days <= 5]
        texts: list[tuple[str, str]] = []
        for n_out, (outlet, gap) in enumerate(zip(outlets, gaps, strict=True)):
            published = i.day + timedelta(days=gap)
            last = n_out == count - 1
            if texts and outlet not in WIRES and rng.random() < 0.15:  # a wire copy under another name
                title, text = texts[0]
                text = text.replace(" said ", " told reporters ", 1)
                rows.append(_row(i, outlet, published, title, text))
                continue
            early = not last and count > 1 and rng.random() < 0.35
            figure = max(1, i.killed - rng.randint(1, 3)) if early and i.killed > 1 else i.killed
            rising = last and count > 1 and rng.random() < 0.3
            other = rng.choice(earlier) if earlier and rng.random() < 0.12 else None
            title, text = article(i, outlet, published, figure, early, rising, other, rng)
            texts.append((title, text))
            rows.append(_row(i, outlet, published, title, text))
    gold = [{"id": i.id, "articles": i.articles, "killed": i.killed, "injured": i.injured,
             "date": i.day.isoformat(), "town": i.town, "admin1": i.admin1, "country": i.country, "kind": i.kind}
            for i in found]
    rng.shuffle(rows)
    return rows, gold


def _row(i: Incident, outlet: str, published: date, title: str, text: str) -> dict[str, object]:
    aid = hashlib.sha1(f"{i.id}-{len(i.articles)}".encode()).hexdigest()[:12]  # says nothing of the incident
    i.articles.append(aid)
    return {"id": aid, "title": title, "text": text, "published": published.isoformat(), "outlet": outlet}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("generate",))
    parser.add_argument("out", type=Path)
    parser.add_argument("--incidents", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rows, gold = generate(args.incidents, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (args.out / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    print(f"{len(gold)} incidents, {len(rows)} articles -> {args.out}")


if __name__ == "__main__":
    main()
