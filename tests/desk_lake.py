"""A lake of invented articles written through the real lake code, without the NLP pass.

For the report's browser test and its load benchmark: a lake of hundreds or thousands of
articles in seconds. Each date's base tables are written as a run stages them (real
schemas, exact offsets: documents.text[start:end] == text), then linked to the entity
registry, aggregated, committed and clustered by the pipeline's own functions
(tasks.link.registry, tasks.desk.daily, tasks.lake.publish, tasks.link.clusters), as the
`run` flow does after its batches. The text is invented here (a town's politics, a tennis
final, a chipmaker): no corpus text. Lines are repeated across outlets, whole, truncated or
as partial quotes, so the quote clusters have something to find. As in real runs, some
quotes are said by an organisation or a bare description ("the court"), some name a
nationality (NORP), and some documents name their outlet only by its host (no manifest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tasks.desk.daily import stage_daily
from tasks.extract.quotes.model import quote_id
from tasks.lake.publish import commit
from tasks.lake.schema import ALL_TABLES, MODEL_ID, PIPELINE_VERSION
from tasks.lake.tables import staging_root, write_part
from tasks.link import clusters
from tasks.link.staged import link_staged
from tasks.text.aliases import entity_id

FIRST_DATE = dt.date(2026, 11, 24)
OUTLETS = (
    "Harbour Times",
    "Riverton Ledger",
    "Newslake Wire",
    "Coastal Post",
    "Ellery Gazette",
    "Valley Courier",
)
# (name, role): the people who speak
SPEAKERS = (
    ("Helen Okafor", "the mayor"),
    ("Marcus Lindqvist", "the councillor"),
    ("Priya Raman", "the chief executive"),
    ("Tom Hale", "the union leader"),
    ("Ana Novak", "the champion"),
    ("Jo Park", "the budget officer"),
    ("Samuel Ortiz", "the harbour master"),
    ("Lena Brandt", "the ferry captain"),
    ("Omar Siddiqui", "the planning chief"),
    ("Grace Kim", "the teachers' representative"),
    ("Victor Mensah", "the opposition leader"),
    ("Ruth Adler", "the economist"),
)
PLACES = ("Port Ellery", "Riverton", "Ellery estuary", "the old quarter")
ORGS = ("Harbour Council", "Vantor", "Ellery Ferry Company", "Riverton Teachers Union")
NATIONS = ("Ellerian", "Rivertonian")  # invented nationalities (NORP)
DESCRIPTIONS = ("the court", "the newspaper")  # speakers that name no one
# Lines people are known for: repeated across outlets and dates, whole, cut short or partly.
FAMOUS = {
    "Helen Okafor": "This bridge will connect families, workers and businesses that have been "
    "cut off from each other for far too long",
    "Marcus Lindqvist": "If the council cannot explain the cost of a ferry, how can we trust "
    "its estimate for a bridge",
    "Priya Raman": "Every chip we sell this year was designed by engineers in Port Ellery",
    "Tom Hale": "Nobody has shown us the numbers for the ferry, and nobody ever will",
    "Ana Novak": "I played the best tennis of my life when it mattered most",
    "Jo Park": "Riverton deserves a budget that adds up, not a budget that looks good on paper",
    "Samuel Ortiz": "The harbour is not a car park, and it never will be one",
    "Grace Kim": "We will not balance the budget on the backs of our teachers",
}
# One-off lines: "Frankly, the council needs 42 buses for Port Ellery, 17 families wrote to
# us". Every run of five words holds a number or a rare choice, so lines share no long runs
# by chance (real quotes rarely do: see tasks.link.quote_match).
OPENERS = ("Frankly,", "Look,", "Honestly,", "Today", "This week", "")
SUBJECTS = (
    "the council",
    "our town",
    "the budget",
    "the bridge",
    "the ferry",
    "every family",
    "the harbour",
    "this company",
    "the teachers",
    "the plan",
    "the estuary",
    "our workers",
)
VERBS = ("needs", "lacks", "has earned", "deserves", "must deliver", "waited for", "funds")
VERBS += ("should reject", "promised", "wants")
NOUNS = ("buses", "new homes", "berths", "teachers", "jobs", "classrooms", "ferries", "nurses")
NOUNS += ("bus stops", "street lights", "cranes", "parking spaces", "benches", "trains")
PREPOSITIONS = ("for", "in", "around", "near", "from")
DETAILS = (
    "{n} families wrote to us",
    "{n} shops stand empty",
    "{n} votes to {m}",
    "{n} million spent already",
    "{n} people came on {day}",
    "{n} weeks without a reply",
    "{n} households answered the survey",
    "{n} jobs depend on it",
    "{n} pages in the report",
    "{n} cars queued on {day}",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
REJECT_REASONS = (("empty", "ingest"), ("no_body", "clean"), ("binary", "ingest"))


@dataclass
class Article:
    """One invented article: its text and every row the pipeline would write for it."""

    text: str = ""
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)

    def add_paragraph(self, pieces: list[tuple[str, str | None]]) -> dict[str, tuple[int, int]]:
        """Append a paragraph made of (text, role) pieces; the spans of the named roles."""
        if self.text:
            self.text += "\n\n"
        start = len(self.text)
        spans: dict[str, tuple[int, int]] = {}
        for piece, role in pieces:
            if role:
                spans[role] = (len(self.text), len(self.text) + len(piece))
            self.text += piece
        self.paragraphs.append((start, len(self.text)))
        return spans


def _line(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """An invented one-off line and the name in it (name, label)."""
    if rng.random() < 0.5:
        name = rng.choice(PLACES)
        named = (name, "GPE" if name in PLACES[:2] else "LOC")
    else:
        name = rng.choice(ORGS)
        named = (name, "ORG")
    detail = rng.choice(DETAILS).format(
        n=rng.randint(2, 99), m=rng.randint(0, 9), day=rng.choice(DAYS)
    )
    words = [rng.choice(OPENERS), rng.choice(SUBJECTS), rng.choice(VERBS), str(rng.randint(2, 99))]
    words += [rng.choice(NOUNS), rng.choice(PREPOSITIONS), name + ",", detail]
    text = " ".join(w for w in words if w)
    return text[0].upper() + text[1:], [named]


def _variant(line: str, rng: random.Random) -> tuple[str, str]:
    """A famous line as one outlet quotes it: whole, truncated, or a partial quote."""
    words = line.split()
    kind = rng.choice(("whole", "whole", "truncated", "partial"))
    if kind == "truncated":
        return " ".join(words[: max(6, len(words) * 2 // 3)]), "direct"
    if kind == "partial":
        cut = rng.randrange(0, max(1, len(words) - 8))
        return " ".join(words[cut : cut + 8]), "mixed"
    return line, "direct"


def _article(rng: random.Random, n: int) -> tuple[Article, str, list[str]]:
    """An article of 3 to 5 quotes; its title and the speakers it quotes."""
    article = Article()
    speakers = rng.sample(SPEAKERS, rng.randint(2, 3))
    topic = rng.choice(PLACES[:2])
    title = f"{speakers[0][0]} and {speakers[1][0]} clash over {topic} plan ({n})"
    article.add_paragraph([(title, None)])
    for k in range(rng.randint(3, 5)):
        name, role = speakers[k % len(speakers)]
        if name in FAMOUS and rng.random() < 0.3:
            line, kind = _variant(FAMOUS[name], rng)
            named: list[tuple[str, str]] = []
        else:
            (line, named), kind = _line(rng), "direct" if rng.random() < 0.8 else "indirect"
        _quote_paragraph(article, name, role, line, kind, named, rng)
    _others(article, n, speakers[0][0])
    return article, title, [s[0] for s in speakers]


def _others(article: Article, n: int, person: str) -> None:
    """Some articles also quote an organisation, a bare description, or a person naming a
    nationality: chosen by the article's number, drawing nothing from the random stream, so
    every other row is as before. Each line holds `n`, so no two share a run of words."""
    nation, place = NATIONS[n % len(NATIONS)], PLACES[n % 2]
    line = f"the council owes {n} ferries to {nation} families in {place}"
    named = [(nation, "NORP"), (place, "GPE")]
    if n % 7 == 3:
        _quote_paragraph(article, ORGS[n % len(ORGS)], "", line, "indirect", named, label="ORG")
    elif n % 7 == 5:
        speaker = DESCRIPTIONS[n % len(DESCRIPTIONS)]
        _quote_paragraph(article, speaker, "", line, "indirect", named, label=None)
    elif n % 7 == 6:
        _quote_paragraph(article, person, "", line, "indirect", named)


def _quote_paragraph(
    article: Article,
    name: str,
    role: str,
    line: str,
    kind: str,
    named: list[tuple[str, str]],
    rng: random.Random | None = None,
    label: str | None = "PERSON",
) -> None:
    """A paragraph quoting `name` (an entity of `label`, or a description if None); `rng`
    picks the layout of a direct quote."""
    if kind == "direct" and rng is not None and rng.random() < 0.5:
        pieces = [(name, "speaker"), (", " + role + ", said: “", None), (line, "quote")]
        spans = article.add_paragraph([*pieces, (".”", None)])
    elif kind == "direct":
        pieces = [("“", None), (line, "quote"), (",” said ", None), (name, "speaker")]
        spans = article.add_paragraph([*pieces, (".", None)])
    elif kind == "mixed":
        pieces = [(name, "speaker"), (" said ", None), ("the plan was “" + line + "”", "quote")]
        spans = article.add_paragraph([*pieces, (".", None)])
    else:
        pieces = [(name, "speaker"), (" said that ", None), (line[0].lower() + line[1:], "quote")]
        spans = article.add_paragraph([*pieces, (".", None)])
    paragraph = len(article.paragraphs) - 1
    start, end = spans["quote"]
    s_start, s_end = spans["speaker"]
    article.quotes.append(
        {
            "text": article.text[start:end],
            "start": start,
            "end": end,
            "kind": kind,
            "headline": False,
            "speaker": name,
            "speaker_start": s_start,
            "speaker_end": s_end,
            "speaker_name": name,
            "speaker_label": label,
            "cue": "said",
            "cue_lemma": "say",
            "speaker_entity_id": entity_id(label, name) if label else None,
            "paragraph_index": paragraph,
            "sentence_index": paragraph,
        }
    )
    if label:
        article.mentions.append(_mention(article, name, label, s_start, paragraph))
    for text, label in named:
        at = article.text.find(text, start, end)
        if at >= 0:
            article.mentions.append(_mention(article, text, label, at, paragraph))


def _mention(article: Article, name: str, label: str, start: int, sentence: int) -> dict[str, Any]:
    return {
        "text": article.text[start : start + len(name)],
        "label": label,
        "start": start,
        "end": start + len(name),
        "sentence_index": sentence,
        "name": name,
        "entity_name": name,
        "entity_id": entity_id(label, name),
    }


def _date_rows(
    rng: random.Random, date: dt.date, articles: int, offset: int, run_id: str
) -> dict[str, list[dict[str, Any]]]:
    base = {"date": date, "run_id": run_id, "pipeline_version": PIPELINE_VERSION}
    rows: dict[str, list[dict[str, Any]]] = {
        t: [] for t in ("documents", "sentences", "quotes", "entities", "rejects")
    }
    for n in range(offset, offset + articles):
        article, title, _ = _article(rng, n)
        doc_id = hashlib.sha256(article.text.encode()).hexdigest()
        outlet = OUTLETS[n % len(OUTLETS)]
        host = f"{outlet.lower().replace(' ', '')}.example"
        dated = rng.random() < 0.85  # some articles carry no publication time
        published = dt.datetime.combine(
            date - dt.timedelta(days=rng.randrange(2)), dt.time(rng.randrange(24), 0), dt.UTC
        )
        slug = title.lower().split("(")[0].strip().replace(" ", "-")
        rows["documents"].append(
            {
                **base,
                "doc_id": doc_id,
                "source_path": f"article-{n:05d}.txt",
                "title": title,
                "standfirst": None,
                "text": article.text,
                "url": f"https://{host}/{slug}-{n}",
                "publisher": host if n % 10 == 3 else outlet,  # by its host: no manifest
                "author": None,
                "published_at": published if dated else None,
                "language": "en",
                "encoding": "utf-8",
                "content_type": "text",
                "n_paragraphs": len(article.paragraphs) - 1,
                "n_sentences": len(article.paragraphs),
                "n_words": len(article.text.split()),
                "duplicate_of": None,
                "model": MODEL_ID,
                "processed_at": dt.datetime(2026, 11, 28, tzinfo=dt.UTC),
            }
        )
        for index, (start, end) in enumerate(article.paragraphs):
            part = "title" if index == 0 else "body"
            rows["sentences"].append(
                {**base, "doc_id": doc_id, "paragraph_index": index, "sentence_index": index,
                 "part": part, "start": start, "end": end, "text": article.text[start:end]}
            )  # fmt: skip
        for quote in article.quotes:
            qid = quote_id(doc_id, quote["start"], quote["end"])
            rows["quotes"].append({**base, "doc_id": doc_id, "quote_id": qid, **quote})
        rows["entities"] += [{**base, "doc_id": doc_id, **m} for m in article.mentions]
    return rows


def rejects(date: dt.date, count: int, run_id: str) -> list[dict[str, Any]]:
    return [
        {"date": date, "source_path": f"broken-{n}.txt", "sha256": None, "stage": stage,
         "reason": reason, "message": f"invented {reason} file", "run_id": run_id,
         "pipeline_version": PIPELINE_VERSION}
        for n, (reason, stage) in zip(range(count), REJECT_REASONS * count, strict=False)
    ]  # fmt: skip


def date_rows(
    articles: int = 300, dates: int = 3, seed: int = 15
) -> dict[dt.date, dict[str, list]]:
    """The base tables' rows of `articles` invented articles over `dates` landing dates,
    rejects on the first date only: the same rows for the same arguments."""
    rng = random.Random(seed)
    days = [FIRST_DATE + dt.timedelta(days=n) for n in range(dates)]
    per_date = -(-articles // dates)
    rows = {}
    for index, date in enumerate(days):
        count = min(per_date, articles - index * per_date)
        rows[date] = _date_rows(rng, date, count, index * per_date, run_id(date))
        rows[date]["rejects"] = rejects(date, 3 if index == 0 else 0, run_id(date))
    return rows


def run_id(date: dt.date) -> str:
    return f"desk-{date}"


def build(lake: Path, articles: int = 300, dates: int = 3, seed: int = 15) -> list[dt.date]:
    """Write `date_rows` into `lake`, date by date as the `run` flow publishes them; the
    dates."""
    rows = date_rows(articles, dates, seed)
    for date, date_tables in rows.items():
        publish_date(lake, date, date_tables)
    return list(rows)


def publish_date(
    lake: Path,
    date: dt.date,
    rows: dict[str, list[dict[str, Any]]],
    cluster: bool = True,
    attempt: int = 0,
) -> None:
    """Stage a date's base tables, link, aggregate, commit and (unless not `cluster`, as
    for a run that died right after its publish) cluster it: the `run` flow's steps after
    its batches. A later `attempt` is a rerun of the date (another run id)."""
    run = f"{run_id(date)}-{attempt}"
    stage = staging_root(lake, date, run)
    for table, table_rows in rows.items():
        write_part(table_rows, table, stage, date, "0", keep_empty=True)
    link_staged(lake, stage, date, run)
    stage_daily(lake, source=stage, stage=stage, date=date, run_id=run)
    commit(lake, stage, date, ALL_TABLES, run)
    if cluster:
        clusters.update(lake, [date], run_id=run)
