"""The skim before the parse (sitreps.nlp.skim): only sentences that can hold an event are parsed, and the
events are those of the whole parse. Made-up articles throughout."""

from __future__ import annotations

from datetime import date

from sitreps.model import Article
from sitreps.pipeline import run
from sitreps.registry import build

SPORT = Article(text="Brightwater Rovers won 3-1 at Eastfield on Saturday.\n\nThe striker scored twice in the "
                     "second half. Temperatures rose to 25 degrees and light rain is expected in the north.",
                url="https://example.test/sport", published=date(2024, 5, 5))
MIXED = Article(
    text="HALDENPORT, May 3 (Test Wire) - The weather was mild and the market opened early on Friday.\n\n"
         "Traders sold apples and pears to visitors from the coast. Prices were steady.\n\n"
         "Later that day, gunmen attacked a police station in Haldenport, killing two officers, the mayor said.\n\n"
         "The town's football club won its match in the evening. Fans sang in the square.",
    url="https://example.test/mixed", published=date(2024, 5, 3))


def coded(articles: list[Article], skim: bool) -> tuple[list, object]:
    coder = build("code.spacy.v1", skim=skim, geocode=False)
    return list(run(articles, [coder])), coder


def summary(packets: list) -> list[tuple[str, str, str, str | None]]:
    return sorted((e.article_id, e.event_type, e.trigger, e.date and e.date.start.isoformat())
                  for c in packets for e in c.events)


def test_an_article_with_no_event_word_is_not_parsed_and_is_kept_as_read() -> None:
    packets, coder = coded([SPORT], skim=True)
    assert [c.article.id for c in packets] == [SPORT.id]  # recorded as read, with its sentences
    assert packets[0].events == ()
    assert len(packets[0].sentences) >= 3
    assert coder.skimmed.articles == 1 and coder.skimmed.articles_parsed == 0 and coder.skimmed.tokens_parsed == 0


def test_skim_finds_the_events_the_whole_parse_finds_and_parses_less() -> None:
    full, _ = coded([MIXED, SPORT], skim=False)
    skimmed, coder = coded([MIXED, SPORT], skim=True)
    assert summary(skimmed) == summary(full)
    assert any(e.event_type == "ASSAULT" for c in skimmed for e in c.events)
    counts = coder.skimmed
    assert 0 < counts.tokens_parsed < counts.tokens
    assert counts.sentences_parsed < counts.sentences


def test_offsets_and_sentences_are_those_of_the_whole_text() -> None:
    skimmed, _ = coded([MIXED], skim=True)
    packet = skimmed[0]
    text = MIXED.text
    for sent in packet.sentences:
        assert text[sent.start:sent.end] == sent.text
    assert not any(s.text.strip() == "" for s in packet.sentences)  # a blank line is no sentence
    for event in packet.events:
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text
        assert packet.sentences[event.sentence].start <= event.evidence.start


def test_the_dateline_and_the_sentence_before_stay_for_the_coder() -> None:
    skimmed, _ = coded([MIXED], skim=True)
    assault = next(e for c in skimmed for e in c.events if e.event_type == "ASSAULT")
    assert assault.date is not None and assault.date.start == date(2024, 5, 3)  # "that day": the Friday before


def test_skim_survives_pickling_for_worker_processes() -> None:
    import pickle

    coder = pickle.loads(pickle.dumps(build("code.spacy.v1", skim=True, geocode=False)))
    assert coder.skim is True
    assert summary(list(run([MIXED], [coder]))) == summary(coded([MIXED], skim=False)[0])


QUOTED = Article(
    text="EASTFIELD, June 2 (Test Wire) - The harvest festival drew large crowds on Sunday.\n\n"
         "\"They burned our houses and took our cattle. We have nothing left.\n\n"
         "\"The children are sleeping in the school,\" Mary Okello, a farmer, told reporters in Eastfield.\n\n"
         "The weather is expected to stay dry this week.",
    url="https://example.test/quoted", published=date(2024, 6, 2))


def test_the_speaker_of_a_quotation_that_runs_on_is_parsed_and_named() -> None:
    skimmer_coder = build("code.spacy.v1", skim=True, geocode=False)
    nlp = skimmer_coder._load()[0]
    from sitreps.nlp.skim import Skimmer

    skimmer = Skimmer(nlp, skimmer_coder._load()[2].lexicon)
    _doc, plan = skimmer(QUOTED.text)
    kept = [text for start, end, parse in plan.runs if parse for text in [_doc[start:end].text]]
    assert any("told reporters" in text for text in kept)  # two sentences after the act, with a verb of saying
    assert not any("weather" in text for text in kept)
    full, _ = coded([QUOTED], skim=False)
    skimmed, _ = coded([QUOTED], skim=True)
    assert summary(skimmed) == summary(full)
    claimants = {(e.claim.claimant.name if e.claim and e.claim.claimant else None) for c in skimmed for e in c.events}
    full_claimants = {(e.claim.claimant.name if e.claim and e.claim.claimant else None)
                      for c in full for e in c.events}
    assert claimants == full_claimants and any(name and "Okello" in name for name in claimants)
