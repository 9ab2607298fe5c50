"""Link: what holds across documents and dates.

`repeats` drops a page fetched twice, `near_duplicates` marks syndicated copies; `registry`
gives one id per referent across the lake, `staged` writes those ids into a date's staged
tables, and `names` the one name readers show for it; `quote_match` pairs two quotations of the
same words, `quote_groups` groups the pairs and `clusters` keeps the lake-wide `quote_clusters`
table.
"""
