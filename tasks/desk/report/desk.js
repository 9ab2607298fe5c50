"use strict";
// The analyst's desk: every view is drawn from the page's own data (no network, no library).
(() => {
  const D = JSON.parse(document.getElementById("desk-data").textContent);
  const Q = D.quotes, DOCS = D.docs, S = D.speakers, E = D.entities, C = D.clusters;
  const N = Q.text.length;
  const KINDS = ["direct", "partial", "reported"];
  const UNKNOWN = "unknown outlet";
  const PAGE = 50, TOP = 15, PANEL_QUOTES = 100;
  const $ = (id) => document.getElementById(id);
  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
  const fmt = (n) => n.toLocaleString("en");
  const outletName = (i) => (i < 0 ? UNKNOWN : D.outlets[i]);
  const speakerName = (s) => (s >= 0 ? S.name[s] : "");
  const empty = (text) => `<p class="empty">${esc(text)}</p>`;

  // Per quote: its day on the time axis, outlet and search string.
  const qDay = new Array(N), qOutlet = new Int32Array(N), qSearch = new Array(N);
  for (let i = 0; i < N; i++) {
    const d = Q.doc[i];
    qOutlet[i] = DOCS.outlet[d];
    const who = Q.speaker[i] >= 0 ? S.name[Q.speaker[i]] : Q.written[i];
    qSearch[i] = (Q.text[i] + "\u0001" + who).toLowerCase();
  }
  // The time axis: publication day (an article without one on its landing date), or the
  // landing date (when its file arrived), which is also a filter of its own.
  const AXES = { published: DOCS.day, landed: DOCS.date };
  let firstDay = D.start, lastDay = D.end;
  function placeOnAxis(axis) {
    const on = AXES[axis];
    for (let i = 0; i < N; i++) qDay[i] = on[Q.doc[i]];
    const days = [...new Set(on)].sort();
    firstDay = days[0] || D.start;
    lastDay = days[days.length - 1] || D.end;
  }
  placeOnAxis("published");
  const initial = { q: "", axis: "published", landed: "", people: true, from: firstDay, to: lastDay, outlet: -2, speaker: -2, kind: -1, page: 0 };
  const state = { ...initial, panel: -1 };
  const landedOk = (d) => !state.landed || DOCS.date[d] === state.landed;
  // People only (PERSON speakers) unless organisations and groups are asked for.
  const shownSpeaker = (s) => s >= 0 && (!state.people || S.label[s] === "PERSON");

  function keep(i, skipSpeakerAndSearch = false) {
    const day = qDay[i];
    if (day < state.from || day > state.to) return false;
    if (!landedOk(Q.doc[i])) return false;
    if (state.outlet !== -2 && qOutlet[i] !== state.outlet) return false;
    if (state.kind >= 0 && Q.kind[i] !== state.kind) return false;
    if (skipSpeakerAndSearch) return true;
    if (state.speaker !== -2 && Q.speaker[i] !== state.speaker) return false;
    return !state.q || qSearch[i].includes(state.q);
  }

  function selection() {
    const chosen = [];
    for (let i = 0; i < N; i++) if (keep(i)) chosen.push(i);
    return chosen.sort((a, b) => (qDay[a] < qDay[b] ? 1 : qDay[a] > qDay[b] ? -1 : a - b));
  }

  function docsInView() {
    const chosen = [];
    for (let d = 0; d < DOCS.day.length; d++) {
      const day = AXES[state.axis][d];
      if (day < state.from || day > state.to || !landedOk(d)) continue;
      if (state.outlet !== -2 && DOCS.outlet[d] !== state.outlet) continue;
      chosen.push(d);
    }
    return chosen;
  }

  function count(items, key) {
    const counts = new Map();
    for (const item of items) {
      const k = key(item);
      if (k !== null && k !== undefined) counts.set(k, (counts.get(k) || 0) + 1);
    }
    return counts;
  }

  function ranked(counts, limit, label) {
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || String(label(a[0])).localeCompare(String(label(b[0]))))
      .slice(0, limit);
  }

  function bars(rows, label, max) {
    const top = max || Math.max(1, ...rows.map((r) => r[1]));
    return `<div class="bars">${rows
      .map(([k, n]) => `<div class="name">${label(k)}</div><div class="track"><div class="fill" style="width:${(100 * n) / top}%"></div></div><div class="n">${fmt(n)}</div>`)
      .join("")}</div>`;
  }

  const speakerButton = (s) =>
    `<button type="button" class="speaker-link" data-speaker="${s}">${esc(S.name[s])}</button>`;
  const who = (i) => (Q.speaker[i] >= 0 ? speakerButton(Q.speaker[i]) : `<span class="context">${esc(Q.written[i] || "unattributed")}</span>`);

  function articleLink(d) {
    const title = esc(DOCS.title[d]);
    const url = DOCS.url[d];
    return url && /^https?:\/\//.test(url) ? `<a class="title" href="${esc(url)}" rel="noopener noreferrer">${title}</a>` : `<span class="title">${title}</span>`;
  }

  const inContext = (i) =>
    `<span class="context">${esc(Q.before[i])}</span><mark>${esc(Q.text[i])}</mark><span class="context">${esc(Q.after[i])}</span>`;

  // --- views ---------------------------------------------------------------------------

  function renderSummary() {
    const attributed = Q.speaker.filter((s) => s >= 0).length;
    const rejected = D.rejects.reduce((sum, r) => sum + r[2], 0);
    const outlets = new Set(DOCS.outlet).size;
    const n = (count, one, many) => `${fmt(count)} ${count === 1 ? one : many}`;
    $("summary").textContent = `${n(N, "quote", "quotes")} (${fmt(attributed)} with a named speaker) from ${n(DOCS.title.length, "article", "articles")} in ${n(outlets, "outlet", "outlets")}; ${speakerCount()}; ${rejected ? n(rejected, "rejected file", "rejected files") : "no rejected files"}.`;
  }

  function speakerCount() {
    const shown = S.id.filter((_, s) => shownSpeaker(s)).length;
    return state.people ? `${fmt(shown)} ${shown === 1 ? "person" : "people"} quoted` : `${fmt(shown)} ${shown === 1 ? "speaker" : "speakers"} with organisations and groups`;
  }

  function renderMatching(chosen) {
    const parts = [];
    if (state.q) parts.push(`matching “${state.q}”`);
    if (state.speaker !== -2) parts.push(`by ${S.name[state.speaker]}`);
    if (state.outlet !== -2) parts.push(`in ${outletName(state.outlet)}`);
    if (state.kind >= 0) parts.push(`${KINDS[state.kind]} quotes only`);
    if (state.landed) parts.push(`landed ${state.landed}`);
    parts.push(`${state.axis === "landed" ? "landed" : "published"} ${state.from} to ${state.to}`);
    $("matching").textContent = `${fmt(chosen.length)} of ${fmt(N)} quotes: ${parts.join(", ")}.`;
  }

  // Timelines count by day over a few months, else by week (from Monday), else by month.
  const DAY_MS = 86400000;
  const toDate = (iso) => new Date(iso + "T00:00:00Z");
  const isoOf = (date) => date.toISOString().slice(0, 10);

  function binning(from, to) {
    const span = (toDate(to) - toDate(from)) / DAY_MS;
    if (span <= 120) return { unit: "day", of: (iso) => iso };
    if (span <= 730) {
      const monday = (iso) => {
        const date = toDate(iso);
        return isoOf(new Date(date - ((date.getUTCDay() + 6) % 7) * DAY_MS));
      };
      return { unit: "week", of: monday };
    }
    return { unit: "month", of: (iso) => iso.slice(0, 7) };
  }

  function bins(from, to, bin) {
    const keys = [];
    for (let date = toDate(from); date <= toDate(to); date = new Date(+date + DAY_MS)) {
      const key = bin.of(isoOf(date));
      if (keys[keys.length - 1] !== key) keys.push(key);
    }
    return keys;
  }

  // The bins a timeline labels: every one if they fit, else those that start a week (day
  // bins), a month (week bins) or a year (month bins), every other one or fewer if need be.
  const STARTS = {
    day: (key) => toDate(key).getUTCDay() === 1,
    week: (key, k, range) => k === 0 || key.slice(0, 7) !== range[k - 1].slice(0, 7),
    month: (key) => key.endsWith("-01"),
  };

  function tickBins(range, unit, fit) {
    let marks = range.map((_, k) => k);
    if (marks.length > fit) marks = marks.filter((k) => STARTS[unit](range[k], k, range));
    const every = Math.ceil(marks.length / fit);
    return marks.filter((_, j) => j % every === 0);
  }

  function tickLabels(range, bin, step, height, font) {
    const wide = font * (bin.unit === "month" ? 4.5 : 6); // an ISO date at this font size
    return tickBins(range, bin.unit, Math.max(2, Math.floor((step * range.length) / (wide + font))))
      .filter((k) => k === 0 || k * step + wide <= step * range.length) // no label cut off
      .map((k) => {
        const x = (k * step).toFixed(1), y = height - 1.3 * font;
        return `<line x1="${x}" x2="${x}" y1="${y}" y2="${y + 3}" stroke="#66707c"/><text class="tick" x="${x}" y="${height - 2}">${range[k]}</text>`;
      })
      .join("");
  }

  function timelineSvg(chosen, height = 160, font = 12) {
    if (!chosen.length) return empty("No quotes match these filters.");
    const bin = binning(state.from, state.to);
    const range = bins(state.from, state.to, bin);
    const perBin = count(chosen, (i) => bin.of(qDay[i]));
    const max = Math.max(1, ...perBin.values());
    const width = 1000, step = width / range.length, bar = Math.max(1, step * 0.8);
    const rects = range
      .map((key, k) => {
        const n = perBin.get(key) || 0, h = ((height - 2.5 * font - 6) * n) / max;
        return `<rect x="${(k * step).toFixed(1)}" y="${(height - 1.3 * font - h).toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="#2f6db3"><title>${bin.unit} of ${key}: ${fmt(n)} quotes</title></rect>`;
      })
      .join("");
    const labels = `${tickLabels(range, bin, step, height, font)}<text x="0" y="${font}">${fmt(max)} a ${bin.unit} at most</text>`;
    return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="quotes per ${bin.unit}" style="font-size:${font}px">${rects}${labels}</svg>`;
  }

  function renderTimeline(chosen) {
    $("timeline").innerHTML = timelineSvg(chosen);
    const undated = chosen.filter((i) => !DOCS.dated[Q.doc[i]]).length;
    let note;
    if (!chosen.length) note = "";
    else if (state.axis === "landed") note = "Days are landing dates (when the files arrived).";
    else if (!undated) note = "Days are publication days: every article shown has a publication date.";
    else if (undated === chosen.length) note = "No article shown has a publication date: days are landing dates (when the files arrived).";
    else note = `Days are publication days where known; ${fmt(undated)} of these ${fmt(chosen.length)} quotes come from articles without a publication date and are placed on their landing date.`;
    $("timeline-note").textContent = note;
  }

  function renderSpeakers(chosen) {
    const rows = ranked(count(chosen, (i) => (shownSpeaker(Q.speaker[i]) ? Q.speaker[i] : null)), TOP, speakerName);
    const none = state.people ? "No quote by a named person matches these filters." : "No quote with a named speaker matches these filters.";
    $("speakers").innerHTML = rows.length ? bars(rows, speakerButton) : empty(none);
  }

  // Articles compared: those in view, or during a search, speaker or kind filter the
  // articles holding a quote that matches (so quotes per article divide like by like).
  const quoteFiltered = () => Boolean(state.q) || state.speaker !== -2 || state.kind >= 0;

  function outletArticles(chosen) {
    return quoteFiltered() ? [...new Set(chosen.map((i) => Q.doc[i]))] : docsInView();
  }

  function renderOutlets(chosen) {
    const docs = outletArticles(chosen);
    if (!docs.length) {
      $("outlets").innerHTML = empty(quoteFiltered() ? "No article holds a quote that matches these filters." : "No articles in these dates and outlets.");
      return;
    }
    const articles = count(docs, (d) => DOCS.outlet[d]);
    const quotes = count(chosen, (i) => qOutlet[i]);
    const direct = count(chosen.filter((i) => Q.kind[i] === 0), (i) => qOutlet[i]);
    const speakers = new Map();
    for (const i of chosen) {
      if (!shownSpeaker(Q.speaker[i])) continue;
      const byOutlet = speakers.get(qOutlet[i]) || new Map();
      byOutlet.set(Q.speaker[i], (byOutlet.get(Q.speaker[i]) || 0) + 1);
      speakers.set(qOutlet[i], byOutlet);
    }
    const order = [...articles.keys()].sort((a, b) => (quotes.get(b) || 0) - (quotes.get(a) || 0) || outletName(a).localeCompare(outletName(b)));
    const body = order
      .map((o) => {
        const n = quotes.get(o) || 0, a = articles.get(o);
        const top = speakers.get(o) ? ranked(speakers.get(o), 1, speakerName)[0] : null;
        return `<tr><td>${esc(outletName(o))}</td><td class="n">${fmt(a)}</td><td class="n">${fmt(n)}</td><td class="n">${(n / a).toFixed(1)}</td><td class="n">${n ? Math.round((100 * (direct.get(o) || 0)) / n) + "%" : "–"}</td><td>${top ? speakerButton(top[0]) + ` <span class="context">(${fmt(top[1])})</span>` : ""}</td></tr>`;
      })
      .join("");
    $("outlets").innerHTML = `<table><thead><tr><th>outlet</th><th class="n">articles</th><th class="n">quotes</th><th class="n">per article</th><th class="n">direct</th><th>most quoted</th></tr></thead><tbody>${body}</tbody></table>${quoteFiltered() ? '<p class="note">Articles holding a quote that matches the filters.</p>' : ""}`;
  }

  function renderRepeated(chosen) {
    const hits = count(chosen, (i) => (Q.cluster[i] >= 0 ? Q.cluster[i] : null));
    const rows = [...hits.keys()]
      .sort((a, b) => C.articles[b] - C.articles[a] || C.n_outlets[b] - C.n_outlets[a] || a - b)
      .slice(0, 10);
    if (!rows.length) {
      $("repeated").innerHTML = empty("No quote appears in two articles or more for these filters.");
      return;
    }
    const body = rows
      .map((c) => {
        const speaker = C.speaker[c] >= 0 ? speakerButton(C.speaker[c]) : esc(C.speaker_name[c] || "unattributed");
        const outlets = C.outlets[c].map(outletName).join(", ");
        const first = C.first_doc[c] >= 0 ? articleLink(C.first_doc[c]) : "";
        return `<tr><td class="quote-cell">“${esc(C.text[c])}”</td><td>${speaker}</td><td class="outlets"><b>${fmt(C.n_outlets[c])}</b> <span class="outlet-list">${esc(outlets)}</span></td><td class="n">${fmt(C.articles[c])}</td><td class="when">${esc(C.first_seen[c])}<span class="title">${esc(C.first_outlet[c])}</span>${first}</td><td class="when">${esc(C.last_seen[c])}</td></tr>`;
      })
      .join("");
    $("repeated").innerHTML = `<table><thead><tr><th>quote (its most quoted form)</th><th>speaker</th><th>outlets</th><th class="n">articles</th><th>first seen</th><th>last seen</th></tr></thead><tbody>${body}</tbody></table>`;
  }

  function aboutCounts(indices) {
    const counts = new Map();
    for (const i of indices) for (const e of Q.about[i]) counts.set(e, (counts.get(e) || 0) + 1);
    return counts;
  }

  function renderAbout(chosen) {
    const pairs = new Map(), bySpeaker = new Map(), byEntity = new Map();
    for (const i of chosen) {
      const s = Q.speaker[i];
      if (!shownSpeaker(s)) continue;
      for (const e of Q.about[i]) {
        const key = s + ":" + e;
        pairs.set(key, (pairs.get(key) || 0) + 1);
        bySpeaker.set(s, (bySpeaker.get(s) || 0) + 1);
        byEntity.set(e, (byEntity.get(e) || 0) + 1);
      }
    }
    if (!pairs.size) {
      $("about").innerHTML = empty("No speaker names anyone in the quotes that match these filters.");
      return;
    }
    const rows = ranked(bySpeaker, 8, speakerName).map((r) => r[0]);
    const cols = ranked(byEntity, 10, (e) => E.name[e]).map((r) => r[0]);
    const max = Math.max(...pairs.values());
    const head = cols.map((e) => `<th class="col" title="${esc(E.label[e])}">${esc(E.name[e])}</th>`).join("");
    const body = rows
      .map((s) => {
        const cells = cols
          .map((e) => {
            const n = pairs.get(s + ":" + e) || 0;
            const shade = n ? `background:rgba(47,109,179,${(0.12 + (0.75 * n) / max).toFixed(2)});${n / max > 0.5 ? "color:#fff" : ""}` : "";
            return `<td class="cell" style="${shade}" title="${esc(S.name[s])} on ${esc(E.name[e])}: ${n} quotes">${n || ""}</td>`;
          })
          .join("");
        return `<tr><th>${speakerButton(s)}</th>${cells}</tr>`;
      })
      .join("");
    $("about").innerHTML = `<table class="heat"><thead><tr><th></th>${head}</tr></thead><tbody>${body}</tbody></table><p class="note">Quotes of each speaker (rows) naming each person, organisation or place (columns).</p>`;
  }

  function renderQuotes(chosen) {
    const pages = Math.max(1, Math.ceil(chosen.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const shown = chosen.slice(state.page * PAGE, (state.page + 1) * PAGE);
    if (!shown.length) {
      $("quotes").innerHTML = empty("No quotes match these filters.");
      $("pager").innerHTML = "";
      return;
    }
    const body = shown
      .map((i) => `<tr data-quote="${i}"><td class="when">${esc(qDay[i])}</td><td>${esc(outletName(qOutlet[i]))}</td><td>${who(i)}</td><td class="quote-cell"><span class="kind">${KINDS[Q.kind[i]]}</span> ${inContext(i)}${articleLink(Q.doc[i])}</td></tr>`)
      .join("");
    $("quotes").innerHTML = `<table><thead><tr><th>${state.axis === "landed" ? "landed" : "published"}</th><th>outlet</th><th>speaker</th><th>quote, in its sentence</th></tr></thead><tbody>${body}</tbody></table>`;
    const first = state.page * PAGE + 1, last = state.page * PAGE + shown.length;
    $("pager").innerHTML = `<button type="button" data-page="-1" ${state.page ? "" : "disabled"}>Previous</button><span>${fmt(first)}–${fmt(last)} of ${fmt(chosen.length)}</span><button type="button" data-page="1" ${state.page < pages - 1 ? "" : "disabled"}>Next</button>`;
  }

  function renderHealth() {
    const perDate = count(docsInView(), (d) => DOCS.date[d]);
    const dates = [...perDate.keys()].sort();
    $("documents").innerHTML = dates.length ? bars(dates.map((d) => [d, perDate.get(d)]), esc) : empty("No articles in these dates.");
    // Rejects have no publication day: those of the landing dates in view, or in the range.
    const landed = new Set(dates);
    const rejects = new Map();
    for (const [date, reason, files] of D.rejects) {
      if (landed.has(date) || (date >= state.from && date <= state.to)) rejects.set(reason, (rejects.get(reason) || 0) + files);
    }
    $("rejects").innerHTML = rejects.size ? bars(ranked(rejects, 20, String), esc) : empty("No rejects in these dates.");
  }

  // Share of quotes by women per outlet and time bin, among speakers of known gender.
  const GENDER_SOURCES = { text: "the articles' words", name: "a given name alone", override: "set by an analyst" };
  function renderGender(chosen) {
    const docs = docsInView();
    if (!docs.length) {
      $("gender").innerHTML = empty("No articles in these dates and outlets.");
      return;
    }
    const bin = binning(state.from, state.to), range = bins(state.from, state.to, bin);
    const tally = new Map(); // outlet -> bin -> [women, known]
    for (const i of chosen) {
      const g = Q.speaker[i] >= 0 ? S.gender[Q.speaker[i]] : null;
      if (g !== "female" && g !== "male") continue;
      const byBin = tally.get(qOutlet[i]) || new Map();
      for (const key of [bin.of(qDay[i]), "all"]) {
        const cell = byBin.get(key) || [0, 0];
        cell[0] += g === "female" ? 1 : 0;
        cell[1] += 1;
        byBin.set(key, cell);
      }
      tally.set(qOutlet[i], byBin);
    }
    const share = (cell) => (cell ? `<span title="${fmt(cell[0])} of ${fmt(cell[1])}">${Math.round((100 * cell[0]) / cell[1])}%</span>` : "–");
    const outlets = [...new Set(docs.map((d) => DOCS.outlet[d]))].sort((a, b) => outletName(a).localeCompare(outletName(b)));
    const body = outlets
      .map((o) => {
        const byBin = tally.get(o);
        if (!byBin) return `<tr><td>${esc(outletName(o))}</td><td colspan="${range.length + 1}">${empty("No quotes by people of known gender.")}</td></tr>`;
        return `<tr><td>${esc(outletName(o))}</td><td class="n share">${share(byBin.get("all"))} <span class="context">(${fmt(byBin.get("all")[1])})</span></td>${range.map((key) => `<td class="n">${share(byBin.get(key))}</td>`).join("")}</tr>`;
      })
      .join("");
    $("gender").innerHTML = `<table><thead><tr><th>outlet</th><th class="n">all (quotes)</th>${range.map((key) => `<th class="n">${esc(key)}</th>`).join("")}</tr></thead><tbody>${body}</tbody></table>`;
  }

  function renderPanel() {
    const s = state.panel;
    const mine = [];
    for (let i = 0; i < N; i++) if (Q.speaker[i] === s && keep(i, true)) mine.push(i);
    mine.sort((a, b) => (qDay[a] < qDay[b] ? 1 : qDay[a] > qDay[b] ? -1 : a - b));
    const articles = new Set(mine.map((i) => Q.doc[i])).size;
    const outlets = new Set(mine.map((i) => qOutlet[i])).size;
    const id = S.id[s].startsWith("name:") ? "not linked to an entity id" : S.id[s];
    const gender = S.gender[s] ? `${S.gender[s]} (from ${GENDER_SOURCES[S.gender_source[s]] || S.gender_source[s]})` : "unknown";
    const about = ranked(aboutCounts(mine), 10, (e) => E.name[e]);
    const list = mine
      .slice(0, PANEL_QUOTES)
      .map((i) => `<li data-quote="${i}"><div class="meta">${esc(qDay[i])} · ${esc(outletName(qOutlet[i]))} · <span class="kind">${KINDS[Q.kind[i]]}</span></div>${inContext(i)}${articleLink(Q.doc[i])}</li>`)
      .join("");
    const more = mine.length > PANEL_QUOTES ? `<p class="note">The latest ${PANEL_QUOTES} of ${fmt(mine.length)} quotes; the CSV download holds them all.</p>` : "";
    $("panel-body").innerHTML = `<h2 id="panel-name">${esc(S.name[s])}</h2><p class="id">${esc(id)} · in the dates, outlets and kinds chosen</p><p id="panel-gender" class="id">gender: ${esc(gender)}</p>
      <div class="stats"><div><b>${fmt(mine.length)}</b>quotes</div><div><b>${fmt(articles)}</b>articles</div><div><b>${fmt(outlets)}</b>outlets</div></div>
      <h3>Over time</h3>${timelineSvg(mine, 150, 22)}
      <h3>Whom they talk about</h3>${about.length ? bars(about, (e) => esc(E.name[e])) : empty("Their quotes name no one.")}
      <h3>Their quotes</h3>${mine.length ? `<ol id="panel-quotes">${list}</ol>${more}` : empty("No quotes by this speaker in these dates and outlets.")}`;
  }

  function render() {
    const chosen = selection();
    renderMatching(chosen);
    renderTimeline(chosen);
    renderSpeakers(chosen);
    renderOutlets(chosen);
    renderGender(chosen);
    renderRepeated(chosen);
    renderAbout(chosen);
    renderQuotes(chosen);
    renderHealth();
    if (state.panel >= 0) renderPanel();
  }

  // --- controls ------------------------------------------------------------------------

  function fillControls() {
    const outletCounts = count(DOCS.outlet, (o) => o);
    const outlets = [...outletCounts.keys()].sort((a, b) => outletName(a).localeCompare(outletName(b)));
    $("outlet").innerHTML = `<option value="-2">all outlets</option>` + outlets.map((o) => `<option value="${o}">${esc(outletName(o))} (${fmt(outletCounts.get(o))})</option>`).join("");
    const landed = count(DOCS.date, (d) => d);
    $("landed").innerHTML = `<option value="">all landing dates</option>` + [...landed.keys()].sort().map((d) => `<option value="${d}">${d} (${fmt(landed.get(d))})</option>`).join("");
    fillSpeakers();
    syncControls();
  }

  function fillSpeakers() {
    const spoken = count(Q.speaker, (s) => (s >= 0 ? s : null));
    const options = S.name.map((name, s) => (shownSpeaker(s) ? `<option value="${s}">${esc(name)} (${fmt(spoken.get(s) || 0)})</option>` : "")).join("");
    $("speaker").innerHTML = `<option value="-2">${state.people ? "all people" : "all speakers"}</option>` + options;
  }

  function syncControls() {
    $("search").value = state.q;
    $("axis").value = state.axis;
    $("landed").value = state.landed;
    $("organisations").checked = !state.people;
    for (const id of ["from", "to"]) {
      $(id).min = firstDay;
      $(id).max = lastDay;
    }
    $("from").value = state.from;
    $("to").value = state.to;
    $("outlet").value = String(state.outlet);
    $("speaker").value = String(state.speaker);
    $("kind").value = String(state.kind);
  }

  // Quick ranges end on the latest day of the axis (the report covers past dates): "this
  // week" from its Monday, "last N days" the N days up to it, "all" every day.
  function quickRange(range) {
    if (range === "all") return { from: firstDay, to: lastDay };
    const last = toDate(lastDay);
    const back = range === "week" ? (last.getUTCDay() + 6) % 7 : Number(range) - 1;
    const from = isoOf(new Date(last - back * DAY_MS));
    return { from: from < firstDay ? firstDay : from, to: lastDay };
  }

  function setAxis(axis) {
    placeOnAxis(axis);
    update({ axis, from: firstDay, to: lastDay });
    syncControls();
  }

  function setPeople(people) {
    const speaker = people && state.speaker >= 0 && !shownSpeaker(state.speaker) ? -2 : state.speaker;
    state.people = people;
    fillSpeakers();
    update({ speaker });
    syncControls();
    renderSummary();
  }

  function update(changes) {
    Object.assign(state, changes, { page: 0 });
    render();
  }

  function openPanel(s) {
    state.panel = s;
    renderPanel();
    $("panel").hidden = false;
    $("panel-close").focus();
  }

  function closePanel() {
    state.panel = -1;
    $("panel").hidden = true;
  }

  function csvCell(value) {
    let text = String(value ?? "");
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // never a formula in a spreadsheet
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  function downloadCsv() {
    const header = ["quote_id", "day", "landing_date", "outlet", "speaker", "speaker_id", "speaker_label", "kind", "quote", "before", "after", "title", "url", "articles_quoting_it"];
    const lines = [header.join(",")];
    for (const i of selection()) {
      const d = Q.doc[i], s = Q.speaker[i];
      const label = s >= 0 ? S.label[s] : D.labels[Q.label[i]];
      const row = [Q.id[i], qDay[i], DOCS.date[d], outletName(qOutlet[i]), s >= 0 ? S.name[s] : Q.written[i], s >= 0 ? S.id[s] : "", label, KINDS[Q.kind[i]], Q.text[i], Q.before[i], Q.after[i], DOCS.title[d], DOCS.url[d], Q.cluster[i] >= 0 ? C.articles[Q.cluster[i]] : 1];
      lines.push(row.map(csvCell).join(","));
    }
    const blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `newslake-quotes-${state.from}-to-${state.to}.csv`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  }

  let typing = 0;
  $("search").addEventListener("input", (event) => {
    clearTimeout(typing);
    typing = setTimeout(() => update({ q: event.target.value.trim().toLowerCase() }), 120);
  });
  $("from").addEventListener("change", (event) => update({ from: event.target.value || firstDay }));
  $("to").addEventListener("change", (event) => update({ to: event.target.value || lastDay }));
  $("axis").addEventListener("change", (event) => setAxis(event.target.value));
  $("landed").addEventListener("change", (event) => update({ landed: event.target.value }));
  $("organisations").addEventListener("change", (event) => setPeople(!event.target.checked));
  $("quick").addEventListener("click", (event) => {
    const button = event.target.closest("[data-range]");
    if (!button) return;
    update(quickRange(button.dataset.range));
    syncControls();
  });
  $("outlet").addEventListener("change", (event) => update({ outlet: Number(event.target.value) }));
  $("speaker").addEventListener("change", (event) => update({ speaker: Number(event.target.value) }));
  $("kind").addEventListener("change", (event) => update({ kind: Number(event.target.value) }));
  $("reset").addEventListener("click", () => {
    Object.assign(state, initial);
    placeOnAxis(state.axis);
    fillSpeakers();
    syncControls();
    renderSummary();
    render();
  });
  $("download").addEventListener("click", downloadCsv);
  $("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.panel >= 0) closePanel();
  });
  document.addEventListener("click", (event) => {
    const speaker = event.target.closest(".speaker-link");
    if (speaker) openPanel(Number(speaker.dataset.speaker));
    const page = event.target.closest("[data-page]");
    if (page && !page.disabled) {
      state.page += Number(page.dataset.page);
      renderQuotes(selection());
    }
  });

  fillControls();
  renderSummary();
  render();
  window.deskReady = performance.now();
  document.body.dataset.ready = "1";
})();
