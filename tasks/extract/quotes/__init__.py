"""Quotes: direct, partial (mixed) and reported (indirect) speech, with speaker and cue.

Everything works on the pipeline's one parsed Doc. Where to look:

- `model`: the Quote row and its id;
- `marks`: pairing quote marks within paragraphs (pure string code);
- `spans`: character ranges already taken by a quote or speaker;
- `cues`: verbs of saying and their subjects (the word lists are in `tasks.text.lexicon`);
- `people`: the gender and roles an article gives each person it names;
- `speakers`: who speaks, from the subject of a cue or a title before a quote;
- `references`: the person a pronoun or role noun refers back to;
- `organisations`: the name of an organisation speaking ("the Lindqvist campaign", "her
  campaign", "the Russian government");
- `direct`: full quotes and their attribution strategies, tried in order;
- `reported`: reported speech ("X argued that ..."), "according to X", partial quotes;
- `document`: the per-document lookups all of them share;
- `extract`: the order in which the parts run, `extract_quotes`.
"""
