"""Actor dictionaries in other coders' formats, read into sitreps' knowledge base.

    >>> from sitreps.kb import KnowledgeBase
    >>> kb = KnowledgeBase.load(["PETR.Validate.actors.txt", "PETR.Validate.agents.txt"])

``KnowledgeBase.load`` sniffs ``.txt`` extras, so ``sitreps extract --actors`` takes these files as they are.
"""

from __future__ import annotations

from .petrarch import (agent_sector, agent_sectors, parse_actors, parse_agents, petrarch_code, read_actors,
                       read_agents, sniff)

__all__ = ["agent_sector", "agent_sectors", "parse_actors", "parse_agents", "petrarch_code", "read_actors",
           "read_agents", "sniff"]
