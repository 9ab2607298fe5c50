"""The lake: where every table lives and how a date is published whole.

`storage` hides local folders and object storage behind fsspec; `schema` is every table's
schema (the data dictionary, rendered by `dictionary`; `rows` refuses a row that breaks it);
`tables` says where partitions and staging live and reads them (`scan`); `publish` publishes a
date's tables as one unit through a journal and heals an interrupted publish; `locks` keeps one
writer per date and per lake-wide file. `paths` and `faults` are the project's own files and
named crash points.
"""
