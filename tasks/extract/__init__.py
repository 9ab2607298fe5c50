"""Extract: what one parsed document says, as rows.

`entities` finds named mentions and gives each its fullest name in the article and one label,
with `name_spans` (where a name begins and ends) and `person_names` (one name per person);
`mentions` holds the `Mention` row and the name arithmetic later stages share; `quotes` finds
direct, partial and reported speech with speaker and cue; `analyse` runs the per-document chain
on a plain string (for tests and notebooks).
"""
