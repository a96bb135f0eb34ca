"""Who says so: speakers by pronoun and role, quotations that run on, hedges, denials, disputed figures.

Every sentence here is made up for the test.
"""

from __future__ import annotations

import pytest

from sitreps import api
from sitreps.coding.quotes import find_quotes
from sitreps.model import Event


@pytest.fixture(scope="module")
def code():
    def run(text: str) -> list[Event]:
        return api.extract(text)
    return run


def _by_trigger(events: list[Event], word: str) -> Event:
    found = [e for e in events if word in e.trigger.split()]
    assert found, f"no event with trigger {word!r} in {[e.trigger for e in events]}"
    return found[0]


def _claimant(event: Event) -> str | None:
    return event.claim.claimant.name if event.claim and event.claim.claimant else None


def test_quotes_run_on_across_paragraphs() -> None:
    text = "Intro line.\n\n“First part. Second part.\n\n“Third part,” she said. Then plain text."
    quotes = find_quotes(text)
    assert len(quotes) == 2
    assert quotes[0].run == quotes[1].run  # left open at the paragraph's end: the same quotation runs on
    assert text[quotes[1].start:quotes[1].end] == "“Third part,”"


def test_separate_quotes_are_separate_runs() -> None:
    quotes = find_quotes('"One," he said. "Two," she said.')
    assert len(quotes) == 2 and quotes[0].run != quotes[1].run


def test_pronoun_speaker_carries_the_name(code) -> None:
    events = code("Marla Quenby, the defence minister of Ostravia, visited the front on Monday. "
                  "Rebels shelled an army post near the river overnight, she said.")
    shelled = _by_trigger(events, "shelled")
    assert shelled.claim is not None and shelled.claim.stance == "reported"
    assert _claimant(shelled) == "Marla Quenby"
    assert shelled.claim.claimant is not None and shelled.claim.claimant.text == "she"


def test_gendered_pronoun_skips_the_other_person(code) -> None:
    events = code("Mr. Tobin Harrow met Mrs. Delia Vance in the capital on Monday. "
                  "Police arrested 30 protesters outside the building, she told reporters.")
    arrested = _by_trigger(events, "arrested")
    assert _claimant(arrested) == "Delia Vance"


def test_role_speaker_resolves_to_the_person_named_with_it(code) -> None:
    events = code("Army spokesman Colonel Edric Pallow spoke in the capital on Monday. "
                  "Militants attacked a checkpoint in the north, the spokesman said.")
    attacked = _by_trigger(events, "attacked")
    assert attacked.claim is not None and attacked.claim.claimant is not None
    assert "Pallow" in attacked.claim.claimant.name
    assert attacked.claim.claimant.text == "the spokesman"


def test_quote_speaker_covers_every_sentence_of_the_quote(code) -> None:
    events = code("Jonas Treml is the mayor of the town. "
                  "“Soldiers burned three houses. They also arrested the village elders,” Treml said.")
    for word in ("burned", "arrested"):
        event = _by_trigger(events, word)
        assert _claimant(event) is not None and "Treml" in (_claimant(event) or ""), word


def test_quote_running_on_into_next_paragraph(code) -> None:
    events = code("Governor Hal Benning spoke on Tuesday.\n\n“Gunmen attacked the market at dawn.\n\n"
                  "“Police arrested four men,” Benning said.")
    attacked = _by_trigger(events, "attacked")
    assert _claimant(attacked) is not None and "Benning" in (_claimant(attacked) or "")


def test_according_to_reports_names_no_one(code) -> None:
    events = code("Police arrested 12 protesters in the capital on Monday, according to reports.")
    arrested = _by_trigger(events, "arrested")
    assert arrested.claim is not None and arrested.claim.claimant is None


def test_unknown_teller_is_kept_by_its_words(code) -> None:
    events = code("Troops arrested 20 traders at the market on Sunday, the commission's report said.")
    arrested = _by_trigger(events, "arrested")
    assert arrested.claim is not None and arrested.claim.stance == "reported"
    assert arrested.claim.claimant is not None and "report" in arrested.claim.claimant.name


def test_hedge_is_not_speech(code) -> None:
    events = code("Gunmen believed to be members of the Crimson Brigade killed six villagers on Monday.")
    killed = _by_trigger(events, "killed")
    assert killed.claim is None or killed.claim.claimant is None
    assert killed.claim is None or killed.claim.stance == "asserted"


def test_denial_is_denied_and_negated(code) -> None:
    events = code("The interior ministry strongly denied that its police had beaten the detained students.")
    beaten = _by_trigger(events, "beaten")
    assert beaten.claim is not None and beaten.claim.stance == "denied"
    assert beaten.modality == "negated"


def test_disputed_figure_is_not_the_speakers_count(code) -> None:
    events = code("The army denied that 300 civilians were killed in the shelling of the village.")
    killed = [e for e in events if e.event_type == "ASSAULT"]
    assert killed, "the denied act is still coded"
    assert all("killed" not in e.quantities for e in killed)


def test_outlet_voice_gets_no_claimant(code) -> None:
    events = code("Tanks entered the border town of Velmar on Friday, and police arrested 15 looters there.")
    assert events
    assert all(e.claim is None or e.claim.claimant is None for e in events)


def test_circumstance_of_saying_is_not_its_content(code) -> None:
    events = code("The minister, who attacked the opposition last week, said the budget would pass.")
    assert all(_claimant(e) is None for e in events if "attacked" in e.trigger.split())


def test_parenthetical_speaker_tells_the_whole_sentence(code) -> None:
    events = code("Colonel Ama Dorsey commands the garrison. "
                  "The aim, she said, is to stop the rebels who attacked the depot last week.")
    attacked = _by_trigger(events, "attacked")
    assert _claimant(attacked) is not None and "Dorsey" in (_claimant(attacked) or "")


def test_pronoun_subject_carries_the_chain_past_an_object(code) -> None:
    events = code("Governor Ravi Tallon toured the port on Monday. Later he praised Ivo Marsh for his work. "
                  "He said soldiers had arrested nine smugglers at the docks.")
    arrested = _by_trigger(events, "arrested")
    assert _claimant(arrested) is not None and "Tallon" in (_claimant(arrested) or "")


def test_doubled_apostrophe_inside_a_word_opens_no_quotation() -> None:
    assert find_quotes("after a week''s break the shops opened") == []
    assert len(find_quotes("''We will stay,'' she said.")) == 1


def test_dateline_before_a_colon_is_no_speaker(code) -> None:
    events = code("PORT VELLA: Police arrested 14 smugglers at the harbour on Monday.")
    arrested = _by_trigger(events, "arrested")
    assert arrested.claim is None or arrested.claim.claimant is None


def test_denial_of_a_report_does_not_negate_the_people_it_describes(code) -> None:
    events = code("The provincial police denied reports linking the two men arrested in Velmar to the bombing.")
    arrested = _by_trigger(events, "arrested")
    assert arrested.modality != "negated"


def test_main_clause_subject_is_more_salient_than_a_possessor(code) -> None:
    events = code("Darya Volkov's claim that rebels had shelled the town was false, Tomas Eriksen said on Monday. "
                  "He said troops arrested six men near the bridge.")
    arrested = _by_trigger(events, "arrested")
    assert _claimant(arrested) is not None and "Eriksen" in (_claimant(arrested) or "")


def test_gender_from_what_a_speaker_says_of_themselves(code) -> None:
    events = code("Alex Brennan said she would not back Sam Colt. Alex Brennan told reporters she feared "
                  "Sam Colt's plan. Sam Colt spoke to the crowd on Monday. "
                  "Police arrested 12 protesters outside parliament, she said.")
    arrested = _by_trigger(events, "arrested")
    assert _claimant(arrested) == "Alex Brennan"


def test_possessive_gives_no_gender_where_another_person_is_named(code) -> None:
    events = code("Ivo Brandt criticised her plan in a speech, Ms. Nora Fell said on Monday. "
                  "Ivo Brandt attacked her record again in a second speech. "
                  "Rebels shelled a police post overnight, she said.")
    shelled = _by_trigger(events, "shelled")
    assert _claimant(shelled) == "Nora Fell"


def test_speaker_the_parser_does_not_name_is_a_person(code) -> None:
    events = code("“The army shelled our village,” Ravi Sandhu said on Monday. "
                  "“Soldiers also arrested nine men,” he added.")
    arrested = _by_trigger(events, "arrested")
    assert _claimant(arrested) == "Ravi Sandhu"


def _attribution(text: str, source: str, content: str, cue: str = "said"):
    from sitreps.evaluate.attribution import Attribution
    s, c = text.index(source), text.index(content)
    return Attribution(((s, s + len(source), source),), cue, ((c, c + len(content)),))


def test_evaluator_referent_skips_a_quotation_begun_in_the_sentence_before() -> None:
    from sitreps.evaluate.attribution import _referent
    text = "Jo Smith spoke on Monday, Mr. Tobin Harrow said.\n\n“Voters backed us. Troops will stay,” she said."
    named = _attribution(text, "Mr. Tobin Harrow", "Jo Smith spoke on Monday")
    she = _attribution(text, "she", "Voters backed us. Troops will stay")
    assert "Harrow" in _referent(she, [named, she], text)  # not "Troops", a quotation's first word


def test_evaluator_referent_of_a_first_person_inside_a_quotation_is_its_speaker() -> None:
    from sitreps.evaluate.attribution import _referent
    text = "Ana Ruiz spoke first. “I think the army burned the village,” Jo Smith said."
    jo = _attribution(text, "Jo Smith", "I think the army burned the village")
    i = _attribution(text, "I", "the army burned the village", "think")
    ana = _attribution(text, "Ana Ruiz", "spoke first")
    assert _referent(i, [ana, jo, i], text) == "Jo Smith"


def test_evaluator_referent_neither_ends_a_sentence_at_a_title_nor_takes_its_first_word() -> None:
    from sitreps.evaluate.attribution import _names, _referent
    text = "Jo Smith spoke. Now, after Ana Ruiz met Sen. Ali Omar, he said the talks failed."
    he = _attribution(text, "he", "the talks failed")
    assert _names(_referent(he, [he], text)) == {"ana", "ruiz", "ali", "omar"}
    text = "Jo Smith spoke, Ali Omar said. Rather, he said, the talks failed."
    omar, he = _attribution(text, "Ali Omar", "Jo Smith spoke"), _attribution(text, "he", "the talks failed")
    assert _referent(he, [omar, he], text) == "Ali Omar"


def test_common_given_name_rules_out_the_other_gender_where_the_text_says_nothing(code) -> None:
    events = code("Margaret Hale and Tomasz Wirth spoke in the capital on Monday. "
                  "Police arrested 20 traders at the market, he said.")
    arrested = _by_trigger(events, "arrested")
    assert _claimant(arrested) == "Tomasz Wirth"


def test_text_cue_outweighs_a_given_name(code) -> None:
    events = code("Mrs. Jesse Arno and Tomasz Wirth spoke in the capital on Monday. "
                  "Police arrested 20 traders at the market, she said.")
    arrested = _by_trigger(events, "arrested")
    assert _claimant(arrested) == "Jesse Arno"


def test_pronoun_reporting_its_own_speech_is_the_reporter(code) -> None:
    events = code("Farm union leaders said they feared that the army would seize their land.")
    seize = _by_trigger(events, "seize")
    assert _claimant(seize) is not None and "union" in (_claimant(seize) or "")


def test_subject_of_unknown_gender_comes_before_an_object_known_to_fit(code) -> None:
    events = code("Lee Varga, an independent candidate, criticised Mrs. Ann Holt on Monday. "
                  "Police arrested 40 protesters outside the stadium, she said.")
    arrested = _by_trigger(events, "arrested")
    assert _claimant(arrested) == "Lee Varga"


def test_main_subject_of_unknown_gender_outranks_a_possessor_known_to_fit(code) -> None:
    events = code("Mr. Ivo Brandt's plan may fail, said Lior Katsav, a lecturer at the national university. "
                  "Troops arrested nine students at the campus, he said.")
    arrested = _by_trigger(events, "arrested")
    assert _claimant(arrested) is not None and "Katsav" in (_claimant(arrested) or "")
