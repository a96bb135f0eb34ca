"""Actor and verb dictionaries in other coders' formats, read into sitreps' knowledge base and lexicon.

    >>> from sitreps.kb import KnowledgeBase
    >>> kb = KnowledgeBase.load(["PETR.Validate.actors.txt", "PETR.Validate.agents.txt"])
    >>> from sitreps.lexicon import Lexicon
    >>> lexicon = Lexicon.load(["PETR.Validate.verbs.txt"])

``KnowledgeBase.load`` and ``Lexicon.load`` sniff ``.txt`` extras, so ``sitreps extract --actors`` and
``--triggers`` take these files as they are.
"""

from __future__ import annotations

from .petrarch import (
                       agent_sector,
                       agent_sectors,
                       parse_actors,
                       parse_agents,
                       petrarch_code,
                       read_actors,
                       read_agents,
                       sniff,
)
from .petrarch_verbs import Conversion, VerbDictionary, convert, parse_verbs, read_verbs, verb_triggers

__all__ = ["Conversion", "VerbDictionary", "agent_sector", "agent_sectors", "convert", "parse_actors",
           "parse_agents", "parse_verbs", "petrarch_code", "read_actors", "read_agents", "read_verbs", "sniff",
           "verb_triggers"]
