"""Running a date: one batch through the chain, what a run depends on, what it leaves.

`batch` runs a batch of files through ingest, text and extract into staged Parquet;
`incremental` decides whether a date's input changed since its last success; `summaries`
are the run's summary and `runs` row; `upkeep` heals a lake before a command works on it.
"""
