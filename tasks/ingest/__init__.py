"""Ingest: from a landing folder to decoded article texts, with every refusal a reject.

`refs` holds what ingest hands on (`FileRef`, `RawDoc`); `discover` lists and fingerprints a
date's files (and each archive's pages) without reading them whole; `load` reads one within its
limits and decodes it (`decoding`), an HTML page through `html`, an archive's page through
`warc` (per-record limits in `warc_limits`); every file is opened as discovery saw it
(`landed`). `manifest` reads the folder's manifest, `outlets` and `urls` what a file says of
where it comes from, `rejects` what was refused.
"""
