"""A self-contained HTML report over a date range: who is quoted, about whom, and run health.

Charts are Plotly figures with plotly.js embedded once in the page, so the file opens with
no network. Everything is read through `tasks.lake.scan`, daily tables first.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from tasks.lake import scan

TOP_SPEAKERS = 15
TOP_TRENDS = 5
TOP_ENTITIES = 10
ENTITY_LABELS = ("PERSON", "ORG", "GPE")
TOP_QUOTES = 10


@dataclass(frozen=True)
class ReportData:
    speakers: pl.DataFrame  # speaker, n_quotes, n_documents
    trends: pl.DataFrame  # date, speaker, n_quotes (top speakers only)
    entities: pl.DataFrame  # label, name, n_mentions
    about: pl.DataFrame  # speaker, entity, n_quotes
    quotes: pl.DataFrame  # text, speaker, n_documents, source
    documents: pl.DataFrame  # date, documents, near_duplicates
    rejects: pl.DataFrame  # reason, files


def _speaker_key() -> pl.Expr:
    return pl.coalesce("speaker_entity_id", "speaker_name")


def gather(lake: str | Path, start: dt.date, end: dt.date) -> ReportData:
    """The small frames the report draws, aggregated over start..end."""

    def read(table: str) -> pl.LazyFrame:
        return scan(table, lake, start, end)

    daily = read("speaker_daily").with_columns(key=_speaker_key())
    names = daily.group_by("key").agg(speaker=pl.col("speaker_name").mode().sort().first())
    speakers = (
        daily.group_by("key")
        .agg(n_quotes=pl.col("n_quotes").sum(), n_documents=pl.col("n_documents").sum())
        .join(names, on="key")
        .sort(["n_quotes", "speaker"], descending=[True, False])
        .collect()
    )
    top = speakers.head(TOP_TRENDS)["key"].to_list()
    trends = (
        daily.filter(pl.col("key").is_in(top))
        .join(names, on="key")
        .select("date", "speaker", "n_quotes")
        .sort("date")
        .collect()
    )
    entities = (
        read("entity_daily")
        .filter(pl.col("label").is_in(ENTITY_LABELS))
        .group_by("entity_id", "label")
        .agg(name=pl.col("name").mode().sort().first(), n_mentions=pl.col("n_mentions").sum())
        .sort(["n_mentions", "name"], descending=[True, False])
        .collect()
    )
    about = (
        read("speaker_entity_daily")
        .with_columns(key=_speaker_key())
        .group_by("key", "entity_id")
        .agg(
            speaker=pl.col("speaker_name").mode().sort().first(),
            entity=pl.col("name").mode().sort().first(),
            n_quotes=pl.col("n_quotes").sum(),
        )
        .collect()
    )
    documents = read("documents").select("doc_id", "date", "source_path", "url", "duplicate_of")
    unique_docs = documents.filter(pl.col("duplicate_of").is_null())
    quotes = (
        read("quotes")
        .filter(pl.col("kind") == "direct", pl.col("speaker_name").is_not_null())
        .join(unique_docs.select("doc_id", "source_path", "url"), on="doc_id")
        .group_by(pl.col("text").str.to_lowercase().alias("key"))
        .agg(
            text=pl.col("text").first(),
            speaker=pl.col("speaker_name").mode().sort().first(),
            n_documents=pl.col("doc_id").n_unique(),
            source=pl.coalesce("url", "source_path").first(),
            length=pl.col("text").str.len_chars().first(),
        )
        .sort(["n_documents", "length"], descending=[True, True])
        .head(TOP_QUOTES)
        .collect()
    )
    per_day = (
        documents.group_by("date")
        .agg(documents=pl.len(), near_duplicates=pl.col("duplicate_of").is_not_null().sum())
        .sort("date")
        .collect()
    )
    rejects = read("rejects").group_by("reason").agg(files=pl.len()).sort("reason").collect()
    return ReportData(speakers, trends, entities, about, quotes, per_day, rejects)


def _layout(figure: go.Figure, height: int = 420) -> go.Figure:
    return figure.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, template="plotly_white"
    )


def speakers_figure(data: ReportData) -> go.Figure:
    top = data.speakers.head(TOP_SPEAKERS).reverse()
    bar = go.Bar(
        x=top["n_quotes"],
        y=top["speaker"],
        orientation="h",
        customdata=top["n_documents"],
        hovertemplate="%{y}: %{x} quotes in %{customdata} documents<extra></extra>",
    )
    return _layout(go.Figure(bar), 60 + 26 * max(top.height, 4)).update_xaxes(title="quotes")


def trends_figure(data: ReportData) -> go.Figure:
    figure = go.Figure()
    for (speaker,), rows in data.trends.group_by("speaker", maintain_order=True):
        figure.add_trace(
            go.Scatter(x=rows["date"], y=rows["n_quotes"], name=speaker, mode="lines+markers")
        )
    return _by_day(_layout(figure)).update_yaxes(title="quotes per day")


def entities_figure(data: ReportData) -> go.Figure:
    figure = make_subplots(rows=1, cols=len(ENTITY_LABELS), subplot_titles=ENTITY_LABELS)
    for column, label in enumerate(ENTITY_LABELS, start=1):
        top = data.entities.filter(pl.col("label") == label).head(TOP_ENTITIES).reverse()
        figure.add_trace(
            go.Bar(x=top["n_mentions"], y=top["name"], orientation="h", name=label),
            row=1,
            col=column,
        )
    return _layout(figure, 460).update_layout(showlegend=False)


def about_figure(data: ReportData) -> go.Figure:
    speakers = data.about.group_by("speaker").agg(pl.col("n_quotes").sum())
    speakers = speakers.sort(["n_quotes", "speaker"], descending=[True, False]).head(10)
    entities = data.about.group_by("entity").agg(pl.col("n_quotes").sum())
    entities = entities.sort(["n_quotes", "entity"], descending=[True, False]).head(12)
    grid = (
        data.about.filter(
            pl.col("speaker").is_in(speakers["speaker"]), pl.col("entity").is_in(entities["entity"])
        )
        .group_by("speaker", "entity")
        .agg(pl.col("n_quotes").sum())
    )
    rows, columns = speakers["speaker"].to_list(), entities["entity"].to_list()
    cells = {(s, e): n for s, e, n in grid.iter_rows()}
    z = [[cells.get((s, e), 0) for e in columns] for s in rows]
    heatmap = go.Heatmap(
        z=z,
        x=columns,
        y=rows,
        colorscale="Blues",
        hovertemplate="%{y} on %{x}: %{z} quotes<extra></extra>",
    )
    return _layout(go.Figure(heatmap), 120 + 30 * max(len(rows), 4))


def health_figure(data: ReportData) -> go.Figure:
    figure = make_subplots(rows=1, cols=2, subplot_titles=("documents per day", "rejects"))
    figure.add_trace(
        go.Bar(x=data.documents["date"], y=data.documents["documents"], name="documents"), 1, 1
    )
    figure.add_trace(
        go.Bar(x=data.rejects["reason"], y=data.rejects["files"], name="rejects"), 1, 2
    )
    if data.rejects.is_empty():
        figure.add_annotation(text="no rejected files", showarrow=False, row=1, col=2)
    return _by_day(_layout(figure, 360), col=1).update_layout(showlegend=False)


def _by_day(figure: go.Figure, col: int | None = None) -> go.Figure:
    """Date axes tick once a day, not at the sub-second steps Plotly picks for one day."""
    return figure.update_xaxes(tickformat="%Y-%m-%d", dtick=86_400_000, col=col)


def _quotes_table(data: ReportData) -> str:
    rows = "".join(
        f"<tr><td>“{html.escape(q['text'])}”</td><td>{html.escape(q['speaker'])}</td>"
        f"<td class=n>{q['n_documents']}</td><td>{_link(q['source'])}</td></tr>"
        for q in data.quotes.iter_rows(named=True)
    )
    head = "<tr><th>quote</th><th>speaker</th><th>documents</th><th>source</th></tr>"
    return f"<table>{head}{rows}</table>"


def _link(source: str) -> str:
    if source.startswith(("http://", "https://")):
        return f'<a href="{html.escape(source)}">{html.escape(source)}</a>'
    return html.escape(source)


def _section(title: str, body: str) -> str:
    return f"<section><h2>{html.escape(title)}</h2>{body}</section>"


def _chart(figure: go.Figure, empty: bool) -> str:
    if empty:
        return "<p class=empty>No data for these dates.</p>"
    return figure.to_html(full_html=False, include_plotlyjs=False, config={"responsive": True})


def render(data: ReportData, start: dt.date, end: dt.date) -> str:
    """The whole page: plotly.js inline once, then one section per chart."""
    total_docs = int(data.documents["documents"].sum() or 0)
    total_rejects = int(data.rejects["files"].sum() or 0)
    summary = (
        f"<p>{total_docs} documents, {int(data.speakers['n_quotes'].sum() or 0)} attributed "
        f"quotes, {total_rejects} rejected files, {start} to {end}.</p>"
    )
    sections = [
        _section("Top speakers", _chart(speakers_figure(data), data.speakers.is_empty())),
        _section("Quotes over time", _chart(trends_figure(data), data.trends.is_empty())),
        _section("Top entities", _chart(entities_figure(data), data.entities.is_empty())),
        _section("Who talks about whom", _chart(about_figure(data), data.about.is_empty())),
        _section("Most quoted", _quotes_table(data)),
        _section("Run health", _chart(health_figure(data), data.documents.is_empty())),
    ]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>newslake report {start} to {end}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }}
section {{ margin-bottom: 2.5rem; }} h2 {{ border-bottom: 1px solid #ddd; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ padding: .4rem; text-align: left;
vertical-align: top; border-bottom: 1px solid #eee; }} .n {{ text-align: right; }}
.empty {{ color: #888; }}
</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body>
<h1>Who said what, about whom: {start} to {end}</h1>
{summary}
{"".join(sections)}
</body></html>
"""


def write_report(lake: str | Path, start: dt.date, end: dt.date, out: Path) -> Path:
    """Gather, render and write the report; returns the file written."""
    out.write_text(render(gather(lake, start, end), start, end), encoding="utf-8")
    return out
