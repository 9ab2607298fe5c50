"""Text: the canonical text of a document and the one spaCy pass over it.

`parts` holds the cleaned text's value types (`CleanDoc`, `Block`, `Sentence`); `clean` repairs
the decoded text and lays out title, standfirst and paragraphs (`language` judges it English);
`segment` splits sentences with exact offsets; `nlp` runs the model with those sentence starts.
`lexicon` holds every word list and `aliases` the analyst's alias table: the closed-class
knowledge the extraction reads.
"""
