"""How a text is laid out: whether its line breaks end sentences and paragraphs, or only a fixed width."""

from __future__ import annotations

import itertools

SENTENCE_END = frozenset(".!?:;\"'”’)")
WRAP_WIDTH = 100  # wire copy is wrapped at 60 to 80 characters
WRAPPED = "sitreps_wrapped"  # a Doc's user_data key: hard_wrapped of its text, where known before the Doc


def hard_wrapped(text: str) -> bool:
    """Whether a text is wrapped at a fixed width: most of its lines no longer than a teletype's, and most
    lines that run on into the next one of a paragraph full and cut mid-sentence."""
    lines = [line.rstrip() for line in text.split("\n")]
    filled = [line for line in lines if line]
    if len(filled) < 4 or sum(len(line) <= WRAP_WIDTH for line in filled) < 0.9 * len(filled):
        return False
    running = [line for line, following in itertools.pairwise(lines) if line and following.strip()]
    if len(running) < 3:
        return False
    cut = sum(line[-1] not in SENTENCE_END for line in running)
    lengths = sorted(len(line) for line in running)
    return cut >= 0.5 * len(running) and lengths[len(lengths) // 2] >= 50
