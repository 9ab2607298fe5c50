"""Quotes: direct, partial (mixed) and reported (indirect) speech, with speaker and cue.

Everything works on the pipeline's one parsed Doc. Where to look:

- `marks`: pairing quote marks within paragraphs (pure string code);
- `cues`: verbs of saying and their subjects (the word lists are in `tasks.text.lexicon`);
- `speakers`: who speaks, and the person a pronoun or role noun refers back to;
- `organisations`: the name of an organisation speaking ("the Clinton campaign", "her
  campaign", "the Russian government");
- `direct`: full quotes and their attribution strategies, tried in order;
- `reported`: reported speech ("X argued that ..."), "according to X", partial quotes;
- `document`: the per-document lookups all of them share;
- `extract`: the order in which the parts run, `extract_quotes`.
"""

from tasks.extract.quotes.extract import extract_quotes
from tasks.extract.quotes.model import Quote, quote_id

__all__ = ["Quote", "extract_quotes", "quote_id"]
