/* tidings web UI: plain JavaScript, no build step, nothing fetched from elsewhere.
 *
 * Every piece of data reaches the page through DOM nodes and textContent (the `h` helper
 * below), never through innerHTML: an article containing markup shows it as text.
 * Views are chosen by the location hash: #/events, #/article/ID, #/dyad, #/actor/ID, #/map.
 */
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUADS = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict",
               4: "Material conflict"};
const PLOVER = ["ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT",
                "COOPERATE", "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION",
                "SUPPORT", "THREATEN"];
const FILTERS = ["actor", "country", "plover", "quad", "since", "until", "text"];
const SORTABLE = {date: "Date", plover: "Type", cameo: "CAMEO", goldstein: "Goldstein",
                  quad_class: "Quad", title: "Article"};

/* ---- DOM helpers ---------------------------------------------------------------------- */

/** An element; attrs: class, dataset via data-*, on* listeners, others as attributes.
 *  Children: nodes, or strings/numbers that become text nodes. */
function h(tag, attrs, ...children) {
  const el = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4))
                                    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "class") {
      el.setAttribute("class", value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replace an element's children (null and false children are left out). */
function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

function s(tag, attrs, ...children) { return h("svg:" + tag, attrs, ...children); }

/** Make a non-button element act like one for the keyboard (Enter and Space click it). */
function pressable(el, label) {
  el.setAttribute("tabindex", "0");
  el.setAttribute("role", "button");
  if (label) el.setAttribute("aria-label", label);
  el.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); el.dispatchEvent(new MouseEvent("click", {bubbles: true})); }
  });
  return el;
}

/** Query string from params, leaving out empty values. */
function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") q.set(k, v);
  }
  const text = q.toString();
  return text ? "?" + text : "";
}

async function api(path, params) {
  const response = await fetch("/api/" + path + qs(params || {}), {headers: {Accept: "application/json"}});
  let body;
  try { body = await response.json(); } catch (e) { body = {error: response.statusText}; }
  if (!response.ok) throw new Error(body.error || ("HTTP " + response.status));
  return body;
}

function enc(id) { return encodeURIComponent(id); }
function actorHref(id) { return "#/actor/" + enc(id); }
function articleHref(id, extra) { return "#/article/" + enc(id) + qs(extra || {}); }
function safeUrl(url) {
  try { const u = new URL(url); return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null; }
  catch (e) { return null; }
}

function actorLinks(actors) {
  if (!actors || !actors.length) return h("span", {class: "muted"}, "—");
  return actors.map((a, i) => [i ? "; " : "", actorLink(a)]);
}

function actorLink(a) {
  const id = a.kb_id || a.country;
  const label = a.name + (a.country && a.kb_id ? " (" + a.country + ")" : "");
  return id ? h("a", {href: actorHref(id), title: a.text ? "“" + a.text + "”" : null}, label)
            : h("span", {title: a.text || null}, label || "?");
}

function quadBadge(q) {
  return q ? h("span", {class: "quad q" + q, title: QUADS[q]}, String(q)) : "";
}

function loading(view, what) { fill(view, h("p", {class: "muted"}, "Loading " + what + "…")); }

function failure(view, err) {
  fill(view, h("p", {class: "error", role: "alert"}, "Could not load: " + err.message));
  view.dataset.loaded = "error";
}

/* ---- routing --------------------------------------------------------------------------- */

let renderToken = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  return {name: parts[0] || "events", arg: parts.slice(1).join("/"),
          params: Object.fromEntries(new URLSearchParams(query || ""))};
}

function go(name, arg, params) {
  location.hash = "#/" + name + (arg ? "/" + enc(arg) : "") + qs(params || {});
}

const VIEWS = {events: viewEvents, article: viewArticle, articles: viewArticles,
               dyad: viewDyad, actor: viewActor, actors: viewActors, map: viewMap};

async function route() {
  const {name, arg, params} = parseHash();
  const view = document.getElementById("view");
  const token = ++renderToken;
  const render = VIEWS[name] || viewEvents;
  document.querySelectorAll("[data-nav]").forEach((a) => {
    const on = a.dataset.nav === name || (name === "articles" && a.dataset.nav === "article")
      || (name === "actors" && a.dataset.nav === "actor");
    if (on) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  });
  view.dataset.loaded = "";
  view.dataset.view = name;
  try {
    await render(view, arg, params, () => token === renderToken);
    if (token === renderToken) view.dataset.loaded = name;
  } catch (err) {
    if (token === renderToken) failure(view, err);
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  route();
  api("stats").then((st) => {
    document.getElementById("stats").textContent =
      `${st.counts.articles} articles · ${st.counts.events} events · ${st.dates.first || "?"} – ${st.dates.last || "?"}`;
  }).catch(() => {});
});

/* ---- the filter form shared by the explorer and the map ------------------------------ */

function filterForm(params, onApply, extra) {
  const field = (name, label, input) => h("label", {class: "field"}, h("span", {}, label), input);
  const text = (name, attrs) => h("input", {name, id: "f-" + name, value: params[name] || "", ...attrs});
  const plover = h("select", {name: "plover", id: "f-plover"}, h("option", {value: ""}, "any"),
                   PLOVER.map((p) => h("option", {value: p, selected: params.plover === p}, p)));
  const quad = h("select", {name: "quad", id: "f-quad"}, h("option", {value: ""}, "any"),
                 Object.entries(QUADS).map(([k, v]) => h("option", {value: k, selected: params.quad === k}, k + " " + v)));
  const form = h("form", {class: "filters", role: "search", "aria-label": "Event filters"},
    field("actor", "Actor", text("actor", {placeholder: "name or kb id", list: "actor-names"})),
    field("country", "Country", text("country", {placeholder: "ISO-3", size: 5, maxlength: 3,
                                                 pattern: "[A-Za-z]{3}", title: "three-letter ISO code"})),
    field("plover", "PLOVER type", plover),
    field("quad", "Quad class", quad),
    field("since", "From", text("since", {type: "date"})),
    field("until", "To", text("until", {type: "date"})),
    field("text", "Text", text("text", {placeholder: "words in the sentence", type: "search"})),
    extra || null,
    h("div", {class: "actions"},
      h("button", {type: "submit", id: "apply"}, "Apply"),
      h("button", {type: "button", class: "secondary", onclick: () => onApply({})}, "Clear")),
    h("datalist", {id: "actor-names"}));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    if (values.country) values.country = values.country.toUpperCase();
    onApply(values);
  });
  api("actors", {limit: 200}).then((r) => {
    const list = form.querySelector("datalist");
    fill(list, ...r.actors.map((a) => h("option", {value: a.id}, a.name)));
  }).catch(() => {});
  return form;
}

function pick(params, keys) {
  const out = {};
  for (const k of keys) if (params[k]) out[k] = params[k];
  return out;
}

/* ---- events explorer ------------------------------------------------------------------- */

async function viewEvents(view, _arg, params, current) {
  const filters = pick(params, FILTERS);
  const sort = params.sort || "date";
  const limit = Math.min(Number(params.limit) || 50, 500);
  const offset = Math.max(Number(params.offset) || 0, 0);
  const by = params.by || "month";
  const state = {...filters, sort, limit, offset, by};
  const nav = (changes) => go("events", "", {...state, ...changes});
  loading(view, "events");
  const [page, timeline] = await Promise.all([
    api("events", {...filters, sort, limit, offset}),
    api("timeline", {...filters, by})]);
  if (!current()) return;

  const bySelect = h("select", {name: "by", id: "f-by"},
    ["day", "week", "month", "year"].map((b) => h("option", {value: b, selected: b === by}, b)));
  const perPage = h("select", {name: "limit", id: "f-limit"},
    [25, 50, 100, 250, 500].map((n) => h("option", {value: n, selected: n === limit}, String(n))));
  const form = filterForm(filters, (values) => go("events", "", {sort, by: values.by || by,
    limit: values.limit || limit, ...pick(values, FILTERS)}),
    [h("label", {class: "field"}, h("span", {}, "Chart by"), bySelect),
     h("label", {class: "field"}, h("span", {}, "Rows"), perPage)]);

  const shown = {...filters, sort, limit, offset};
  const csvHref = "/api/events" + qs({...shown, format: "csv"});
  const total = page.total;
  const first = total ? offset + 1 : 0;
  const last = offset + page.events.length;
  const pager = h("div", {class: "pager"},
    h("button", {type: "button", id: "prev", disabled: offset <= 0,
                 onclick: () => nav({offset: Math.max(0, offset - limit)})}, "← Previous"),
    h("span", {id: "range"}, `${first}–${last} of ${total} events`),
    h("button", {type: "button", id: "next", disabled: last >= total,
                 onclick: () => nav({offset: offset + limit})}, "Next →"),
    h("a", {id: "csv-link", class: "button", href: csvHref, download: "events.csv"}, "Download CSV of these rows"),
    h("a", {id: "csv-all", class: "button secondary",
            href: "/api/events" + qs({...filters, sort, limit: 10000, format: "csv"}), download: "events-all.csv"},
      "CSV of all matching (≤10,000)"));

  fill(view,
    h("h1", {}, "Events"),
    form,
    h("section", {"aria-label": "Events over time"},
      h("h2", {}, `Events per ${by}`),
      timelineChart(timeline.counts, by, (period) => nav({...periodRange(period, by), offset: 0}))),
    h("section", {"aria-label": "Event table"}, pager, eventTable(page.events, sort, (col) => {
      const next = sort === col ? "-" + col : (sort === "-" + col ? col : (col === "goldstein" ? "-" + col : col));
      nav({sort: next, offset: 0});
    })));
}

function periodRange(period, by) {
  const start = new Date(period + "T00:00:00Z");
  const end = new Date(start);
  if (by === "day") end.setUTCDate(end.getUTCDate());
  else if (by === "week") end.setUTCDate(end.getUTCDate() + 6);
  else if (by === "month") { end.setUTCMonth(end.getUTCMonth() + 1); end.setUTCDate(0); }
  else { end.setUTCFullYear(end.getUTCFullYear() + 1); end.setUTCDate(0); }
  return {since: period, until: end.toISOString().slice(0, 10)};
}

/** A bar chart of counts per period; each bar is focusable and filters to its period. */
function timelineChart(counts, by, onPick) {
  if (!counts.length) return h("p", {class: "muted", id: "timeline-chart"}, "No dated events.");
  const W = 900, H = 160, pad = 28;
  const max = Math.max(...counts.map((c) => c.events));
  const bw = Math.max(2, (W - pad * 2) / counts.length);
  const svg = s("svg", {id: "timeline-chart", class: "chart", viewBox: `0 0 ${W} ${H + 30}`, role: "img",
                        "aria-label": `Event counts per ${by}, ${counts.length} periods`});
  svg.appendChild(s("line", {x1: pad, x2: W - pad, y1: H, y2: H, class: "axis"}));
  svg.appendChild(s("text", {x: 2, y: 12, class: "tick"}, String(max)));
  counts.forEach((c, i) => {
    const bh = Math.max(1, (c.events / max) * (H - 20));
    const bar = s("rect", {x: pad + i * bw + 1, y: H - bh, width: Math.max(1, bw - 2), height: bh,
                           class: "bar", "data-period": c.period},
                  s("title", {}, `${c.period}: ${c.events} events`));
    pressable(bar, `${c.period}: ${c.events} events; show only this ${by}`);
    bar.addEventListener("click", () => onPick(c.period));
    svg.appendChild(bar);
  });
  const step = Math.ceil(counts.length / 8);
  counts.forEach((c, i) => {
    if (i % step === 0) svg.appendChild(s("text", {x: pad + i * bw, y: H + 16, class: "tick"}, c.period.slice(0, by === "year" ? 4 : 7)));
  });
  return h("div", {class: "chart-wrap"}, svg);
}

function eventTable(events, sort, onSort) {
  const head = (col, label) => {
    if (!SORTABLE[col]) return h("th", {scope: "col"}, label);
    const dir = sort === col ? "ascending" : sort === "-" + col ? "descending" : null;
    return h("th", {scope: "col", "aria-sort": dir || "none"},
      h("button", {type: "button", class: "sort", "data-sort": col, onclick: () => onSort(col)},
        label, dir ? (dir === "ascending" ? " ▲" : " ▼") : ""));
  };
  const rows = events.map((e) => h("tr", {"data-id": e.id},
    h("td", {class: "nowrap"}, e.date || h("span", {class: "muted"}, "undated"),
      e.date && e.date_precision !== "day" ? h("span", {class: "muted"}, " (" + e.date_precision + ")") : ""),
    h("td", {class: "actors"}, actorLinks(e.source)),
    h("td", {}, h("span", {class: "plover"}, e.plover || "—"), " ", h("span", {class: "muted"}, e.cameo)),
    h("td", {class: "actors"}, actorLinks(e.target)),
    h("td", {class: "num"}, e.goldstein === null ? "" : e.goldstein.toFixed(1)),
    h("td", {}, quadBadge(e.quad_class)),
    h("td", {class: "clip"}, e.location ? e.location.name : ""),
    h("td", {class: "clip", title: e.text}, h("a", {href: articleHref(e.article_id, {event: e.id}), class: "trigger-link"}, e.trigger.text),
      h("div", {class: "muted small sentence"}, e.text)),
    h("td", {class: "clip"}, h("a", {href: articleHref(e.article_id)}, e.title || e.article_id))));
  return h("div", {class: "table-wrap"},
    h("table", {id: "events-table", class: "events"},
      h("colgroup", {}, ["c-date", "c-actor", "c-type", "c-actor", "c-num", "c-quad", "c-loc", "c-trig", "c-art"].map((c) => h("col", {class: c}))),
      h("thead", {}, h("tr", {}, head("date", "Date"), head("source", "Source"), head("plover", "Type"),
        head("target", "Target"), head("goldstein", "Goldstein"), head("quad_class", "Quad"),
        head("location", "Where"), head("trigger", "Trigger & sentence"), head("title", "Article"))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", {colspan: 9, class: "muted"}, "No events match these filters.")))));
}

/* ---- article view ---------------------------------------------------------------------- */

const KINDS = {
  quote: {label: "Quotes", order: 0},
  mention: {label: "Actors", order: 1},
  place: {label: "Places", order: 2},
  time: {label: "Dates", order: 3},
  trigger: {label: "Event triggers", order: 4},
};

async function viewArticles(view, _arg, params, current) {
  const offset = Math.max(Number(params.offset) || 0, 0);
  loading(view, "articles");
  const q = params.q || "";
  const result = q ? await api("search", {q, limit: 50, offset}) : await api("articles", {limit: 50, offset});
  if (!current()) return;
  const list = q ? result.articles : result.articles;
  const form = h("form", {role: "search", class: "filters", onsubmit: (ev) => {
    ev.preventDefault(); go("articles", "", {q: form.elements.q.value.trim()});
  }}, h("label", {class: "field"}, h("span", {}, "Search the articles"),
        h("input", {name: "q", type: "search", value: q, id: "article-search"})),
      h("div", {class: "actions"}, h("button", {type: "submit"}, "Search")));
  fill(view, h("h1", {}, q ? `Articles containing “${q}”` : "Articles"), form,
    h("ul", {class: "article-list", id: "article-list"}, list.map((a) => h("li", {},
      h("a", {href: articleHref(a.id)}, a.title || a.id), " ",
      h("span", {class: "muted"}, [a.published, a.publisher, a.events !== undefined ? `${a.events} events, ${a.quotes} quotes` : null].filter(Boolean).join(" · ")),
      a.snippet ? h("div", {class: "small muted"}, "…" + a.snippet + "…") : null))),
    h("div", {class: "pager"},
      h("button", {type: "button", disabled: offset <= 0, onclick: () => go("articles", "", {q, offset: Math.max(0, offset - 50)})}, "← Previous"),
      h("button", {type: "button", disabled: list.length < 50, onclick: () => go("articles", "", {q, offset: offset + 50})}, "Next →")));
}

/** The article's annotations as spans: [{kind, start, end, ref, label}]. */
function annotations(article) {
  const spans = [];
  const ok = (x) => Number.isInteger(x.start) && Number.isInteger(x.end) && x.end > x.start && x.end <= article.text.length;
  article.quotes.forEach((q, i) => ok(q) && spans.push({kind: "quote", start: q.start, end: q.end, ref: q, i,
    label: `Quote${q.speaker ? " by " + q.speaker.name : ""} (${q.direct ? "direct" : "indirect"}, ${q.cue || "no cue"})`}));
  article.mentions.forEach((m, i) => ok(m) && spans.push({kind: "mention", start: m.start, end: m.end, ref: m, i,
    label: `Actor: ${m.name || m.text}${m.country ? " (" + m.country + ")" : ""}${m.kb_id ? " — " + m.kb_id : ""}`}));
  article.places.forEach((p, i) => ok(p) && spans.push({kind: "place", start: p.start, end: p.end, ref: p, i,
    label: `Place: ${p.name}${p.country ? " (" + p.country + ")" : ""}`}));
  article.times.forEach((t, i) => ok(t) && spans.push({kind: "time", start: t.start, end: t.end, ref: t, i,
    label: `Date: ${t.date || "unresolved"} (${t.precision || "?"})`}));
  article.events.forEach((e, i) => e.trigger && ok(e.trigger) && spans.push({kind: "trigger", start: e.trigger.start,
    end: e.trigger.end, ref: e, i, label: `Event trigger: ${e.plover || "—"} ${e.cameo} (${e.rule})`}));
  spans.sort((a, b) => a.start - b.start || b.end - a.end || KINDS[a.kind].order - KINDS[b.kind].order);
  return spans;
}

/** Nest the spans into a tree over [lo, hi); a span crossing a sibling's end is split. */
function renderSpans(parent, text, lo, hi, spans, onPick) {
  let pos = lo;
  let pending = spans.slice();
  while (pending.length) {
    const a = pending.shift();
    if (a.end <= pos) continue;
    const start = Math.max(a.start, pos);
    if (start > pos) parent.appendChild(document.createTextNode(text.slice(pos, start)));
    const inside = [];
    const rest = [];
    for (const b of pending) {
      if (b.start >= a.end) rest.push(b);
      else if (b.end <= a.end) inside.push(b);
      else { inside.push({...b, end: a.end, piece: true}); rest.push({...b, start: a.end, piece: true}); }
    }
    rest.sort((x, y) => x.start - y.start || y.end - x.end || KINDS[x.kind].order - KINDS[y.kind].order);
    const mark = h("mark", {class: "hl hl-" + a.kind, "data-kind": a.kind, "data-idx": a.i,
                            "data-start": start, "data-end": a.end, title: a.label,
                            "data-piece": a.piece ? "1" : null});
    pressable(mark, null);
    mark.addEventListener("click", (ev) => { ev.stopPropagation(); onPick(a, mark); });
    renderSpans(mark, text, start, a.end, inside, onPick);
    parent.appendChild(mark);
    pos = a.end;
    pending = rest;
  }
  if (pos < hi) parent.appendChild(document.createTextNode(text.slice(pos, hi)));
}

function dl(pairs) {
  return h("dl", {class: "kv"}, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function explain(a, article) {
  const r = a.ref;
  const title = h("h3", {}, KINDS[a.kind].label.replace(/s$/, ""), ": “", article.text.slice(r.start ?? r.trigger.start, r.end ?? r.trigger.end), "”");
  if (a.kind === "mention") {
    return [title, dl([["Resolved to", r.kb_id || r.country ? actorLink(r) : r.name], ["Knowledge-base id", r.kb_id],
      ["Country", r.country], ["Sector", r.sector], ["Role", r.role], ["Entity label", r.label],
      ["How it was resolved", r.how], ["Sentence", r.sentence]])];
  }
  if (a.kind === "place") {
    return [title, dl([["Place", r.name], ["Country", r.country], ["Feature", r.feature],
      ["GeoNames id", r.geonames_id], ["Coordinates", r.lat !== null ? `${r.lat}, ${r.lon}` : null]])];
  }
  if (a.kind === "time") {
    return [title, dl([["Date", r.date || "unresolved"], ["Precision", r.precision], ["Note", r.note]])];
  }
  if (a.kind === "quote") {
    return [title, dl([["Speaker", r.speaker ? actorLink(r.speaker) : (r.speaker_text || "unknown")],
      ["Speaker as written", r.speaker_text], ["Cue verb", r.cue], ["Kind", r.direct ? "direct" : "indirect"],
      ["Rule", r.rule]])];
  }
  const e = r;
  return [title, dl([["Type", `${e.plover || "no PLOVER type"}${e.plover_mode ? " / " + e.plover_mode : ""}`],
    ["CAMEO", e.cameo], ["Goldstein", e.goldstein], ["Quad class", e.quad_class ? `${e.quad_class} ${QUADS[e.quad_class]}` : null],
    ["Source", actorLinks(e.source)], ["Target", actorLinks(e.target)],
    ["Date", e.date ? `${e.date} (${e.date_precision}; ${e.date_source})` : "undated"],
    ["Where", e.location ? e.location.name : null], ["Modality", e.modality + (e.negated ? ", negated" : "")],
    ["Rule", e.rule], ["Event id", h("a", {href: "/api/events/" + enc(e.id)}, e.id)]])];
}

async function viewArticle(view, id, params, current) {
  if (!id) return viewArticles(view, "", params, current);
  loading(view, "the article");
  const article = await api("articles/" + enc(id));
  if (!current()) return;
  const spans = annotations(article);
  const panel = h("aside", {id: "explain", class: "explain", "aria-live": "polite"},
    h("p", {class: "muted"}, "Select a highlight (click, or Tab to it and press Enter) to see what was found and why."));
  const body = h("div", {id: "article-text", class: "article-text", lang: article.language || null});
  let selected = null;
  const pickSpan = (a, mark) => {
    if (selected) selected.classList.remove("selected");
    selected = mark; mark.classList.add("selected");
    fill(panel, ...explain(a, article));
  };
  renderSpans(body, article.text, 0, article.text.length, spans, pickSpan);

  const toggles = h("fieldset", {class: "legend"}, h("legend", {}, "Highlight"),
    Object.entries(KINDS).map(([kind, k]) => {
      const count = spans.filter((x) => x.kind === kind && !x.piece).length;
      const box = h("input", {type: "checkbox", checked: true, id: "show-" + kind, onchange: () => body.classList.toggle("hide-" + kind, !box.checked)});
      return h("label", {class: "toggle hl-" + kind}, box, ` ${k.label} (${count})`);
    }));

  const url = safeUrl(article.url);
  const cited = article.cited_sources || [];
  const attribution = dl([["Published", article.published], ["Publisher", article.publisher],
    ["Wire agency", article.agency || "none found"], ["Cited outlets", cited.length ? cited.join(", ") : "none found"],
    ["URL", url ? h("a", {href: url, rel: "noopener noreferrer nofollow", target: "_blank"}, url) : article.url],
    ["Tone", article.tone ? `${article.tone.tone} (positive ${article.tone.positive}, negative ${article.tone.negative}, ${article.tone.word_count} words)` : null],
    ["Article id", article.id]]);

  const eventsList = h("ol", {class: "event-list", id: "article-events"}, article.events.map((e, i) => h("li", {},
    h("button", {type: "button", class: "linkish", onclick: () => {
      const mark = body.querySelector(`mark[data-kind="trigger"][data-idx="${i}"]`);
      if (mark) { mark.scrollIntoView({block: "center"}); mark.focus(); mark.click(); }
    }}, e.trigger.text), " ", h("span", {class: "plover"}, e.plover || e.cameo), " ",
    actorLinks(e.source), " → ", actorLinks(e.target), " ", h("span", {class: "muted"}, e.date || "undated"))));
  const quotes = h("ol", {class: "quote-list"}, article.quotes.map((q) => h("li", {},
    h("q", {}, q.text), " — ", q.speaker ? actorLink(q.speaker) : h("span", {class: "muted"}, q.speaker_text || "unknown speaker"),
    h("span", {class: "muted"}, ` (${q.direct ? "direct" : "indirect"}, ${q.cue || "—"})`))));
  const dropped = article.dropped.length
    ? h("table", {id: "dropped", class: "dropped"}, h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "Line"), h("th", {scope: "col"}, "Dropped text"), h("th", {scope: "col"}, "Why"))),
        h("tbody", {}, article.dropped.map((d) => h("tr", {}, h("td", {class: "num"}, d.line_no), h("td", {class: "clip"}, d.text), h("td", {}, d.reason)))))
    : h("p", {id: "dropped", class: "muted"}, "Nothing was dropped.");

  fill(view,
    h("h1", {id: "article-title"}, article.title || "(untitled)"),
    attribution,
    h("div", {class: "article-grid"},
      h("section", {"aria-label": "Article text"}, toggles, body),
      panel),
    h("section", {}, h("h2", {}, `Events (${article.events.length})`), eventsList),
    h("section", {}, h("h2", {}, `Quotes (${article.quotes.length})`), quotes),
    h("section", {class: "apart"}, h("h2", {}, "Dropped boilerplate"), dropped),
    article.warnings && article.warnings.length ? h("section", {}, h("h2", {}, "Warnings"), h("ul", {}, article.warnings.map((w) => h("li", {}, w)))) : null);

  if (params.event) {
    const i = article.events.findIndex((e) => e.id === params.event);
    const mark = body.querySelector(`mark[data-kind="trigger"][data-idx="${i}"]`);
    if (mark) { mark.click(); mark.scrollIntoView({block: "center"}); mark.focus({preventScroll: true}); }
  }
}

/* ---- dyad view ------------------------------------------------------------------------- */

async function viewDyad(view, _arg, params, current) {
  const a = (params.a || "USA").trim();
  const b = (params.b || "PRK").trim();
  const by = params.by || "month";
  loading(view, "the dyad");
  const data = await api("dyads", {a, b, by});
  if (!current()) return;
  const form = h("form", {class: "filters", id: "dyad-form", onsubmit: (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    go("dyad", "", {a: f.get("a").trim(), b: f.get("b").trim(), by: f.get("by")});
  }},
    h("label", {class: "field"}, h("span", {}, "Actor A"), h("input", {name: "a", id: "dyad-a", value: a, required: true, list: "dyad-actors"})),
    h("label", {class: "field"}, h("span", {}, "Actor B"), h("input", {name: "b", id: "dyad-b", value: b, required: true, list: "dyad-actors"})),
    h("label", {class: "field"}, h("span", {}, "Per"), h("select", {name: "by"}, ["day", "week", "month", "year"].map((p) => h("option", {value: p, selected: p === by}, p)))),
    h("div", {class: "actions"}, h("button", {type: "submit"}, "Show"),
      h("button", {type: "button", class: "secondary", onclick: () => go("dyad", "", {a: b, b: a, by})}, "Swap")),
    h("datalist", {id: "dyad-actors"}));
  api("actors", {limit: 200}).then((r) => fill(form.querySelector("datalist"), ...r.actors.map((x) => h("option", {value: x.id}, x.name)))).catch(() => {});
  const detail = h("section", {id: "dyad-events", class: "explain", "aria-live": "polite"},
    h("p", {class: "muted"}, "Select a bar to list the events behind it."));
  const showEvents = async (row, dirLabel) => {
    fill(detail, h("p", {class: "muted"}, "Loading events…"));
    const events = await Promise.all(row.event_ids.map((id) => api("events/" + enc(id)).catch(() => null)));
    fill(detail, h("h3", {}, `${dirLabel}, ${row.period}: ${QUADS[row.quad_class]} — ${row.events} events, Goldstein ${row.goldstein}`),
      row.events > row.event_ids.length ? h("p", {class: "muted"}, `The first ${row.event_ids.length} are listed.`) : null,
      eventTable(events.filter(Boolean), "", () => {}));
  };
  const periods = [...new Set(data.series.map((r) => r.period))].sort();
  const dirs = [["a_to_b", `${a} → ${b}`], ["b_to_a", `${b} → ${a}`]];
  fill(view, h("h1", {}, `How ${a} and ${b} treat each other`), form,
    data.series.length ? h("div", {id: "dyad-chart"}, dirs.map(([dir, label]) => h("section", {class: "dyad-dir"},
      h("h2", {}, label), dyadChart(periods, data.series.filter((r) => r.direction === dir), by, (row) => showEvents(row, label)))),
      legendQuads())
      : h("p", {id: "dyad-chart", class: "muted"}, `No events between ${a} and ${b}. Use kb ids (person:kim-jong-un) or ISO-3 country codes.`),
    detail,
    h("details", {}, h("summary", {}, "The numbers"), dyadTable(data.series)));
}

function legendQuads() {
  return h("p", {class: "legend-quads"}, Object.entries(QUADS).map(([k, v]) => h("span", {class: "key"}, h("span", {class: "swatch q" + k}), v)),
    h("span", {class: "key"}, h("span", {class: "swatch line"}), "Goldstein sum"));
}

function dyadChart(periods, rows, by, onPick) {
  const W = 900, H = 200, pad = 40, mid = H / 2;
  const per = {};
  for (const r of rows) (per[r.period] = per[r.period] || []).push(r);
  const coop = (p) => (per[p] || []).filter((r) => r.quad_class <= 2).reduce((n, r) => n + r.events, 0);
  const conf = (p) => (per[p] || []).filter((r) => r.quad_class >= 3).reduce((n, r) => n + r.events, 0);
  const max = Math.max(1, ...periods.map((p) => Math.max(coop(p), conf(p))));
  const gsum = (p) => (per[p] || []).reduce((n, r) => n + r.goldstein, 0);
  const gmax = Math.max(1, ...periods.map((p) => Math.abs(gsum(p))));
  const bw = Math.min(60, (W - pad * 2) / Math.max(1, periods.length));
  const svg = s("svg", {class: "chart dyad", viewBox: `0 0 ${W} ${H + 24}`, role: "group", "aria-label": "Events per period; cooperation above the line, conflict below"});
  svg.appendChild(s("line", {x1: pad, x2: W - pad, y1: mid, y2: mid, class: "axis"}));
  svg.appendChild(s("text", {x: 2, y: 14, class: "tick"}, "coop " + max));
  svg.appendChild(s("text", {x: 2, y: H - 4, class: "tick"}, "conflict " + max));
  const scale = (mid - 10) / max;
  const line = [];
  periods.forEach((p, i) => {
    const x = pad + i * bw;
    let up = mid, down = mid;
    for (const r of (per[p] || []).sort((u, v) => u.quad_class - v.quad_class)) {
      const hgt = r.events * scale;
      const y = r.quad_class <= 2 ? (up -= hgt) : down;
      if (r.quad_class > 2) down += hgt;
      const rect = s("rect", {x: x + 2, y, width: Math.max(2, bw - 4), height: Math.max(1, hgt), class: "seg q" + r.quad_class,
        "data-period": p, "data-quad": r.quad_class}, s("title", {}, `${p} ${QUADS[r.quad_class]}: ${r.events} events, Goldstein ${r.goldstein}`));
      pressable(rect, `${p}, ${QUADS[r.quad_class]}: ${r.events} events, Goldstein sum ${r.goldstein}. Show events`);
      rect.addEventListener("click", () => onPick(r));
      svg.appendChild(rect);
    }
    line.push(`${x + bw / 2},${mid - (gsum(p) / gmax) * (mid - 10)}`);
    if (periods.length <= 24 || i % Math.ceil(periods.length / 12) === 0) {
      svg.appendChild(s("text", {x: x + 2, y: H + 16, class: "tick"}, p.slice(0, by === "year" ? 4 : 7)));
    }
  });
  if (rows.length) svg.appendChild(s("polyline", {points: line.join(" "), class: "gline"}));
  return h("div", {class: "chart-wrap"}, svg);
}

function dyadTable(series) {
  return h("table", {class: "events"}, h("thead", {}, h("tr", {}, ["Period", "Direction", "Quad class", "Events", "Goldstein sum"].map((c) => h("th", {scope: "col"}, c)))),
    h("tbody", {}, series.map((r) => h("tr", {}, h("td", {}, r.period), h("td", {}, r.direction.replace("_to_", " → ")),
      h("td", {}, `${r.quad_class} ${QUADS[r.quad_class]}`), h("td", {class: "num"}, r.events), h("td", {class: "num"}, r.goldstein)))));
}

/* ---- actor view ------------------------------------------------------------------------ */

async function viewActors(view, _arg, params, current) {
  loading(view, "actors");
  const q = params.q || "";
  const {actors} = await api("actors", {q, limit: 200});
  if (!current()) return;
  const form = h("form", {class: "filters", role: "search", onsubmit: (ev) => {
    ev.preventDefault(); go("actors", "", {q: form.elements.q.value.trim()});
  }}, h("label", {class: "field"}, h("span", {}, "Find an actor"), h("input", {name: "q", type: "search", value: q, id: "actor-search"})),
    h("div", {class: "actions"}, h("button", {type: "submit"}, "Find")));
  fill(view, h("h1", {}, "Actors"), form,
    h("div", {class: "table-wrap"}, h("table", {class: "events", id: "actor-table"},
      h("thead", {}, h("tr", {}, ["Actor", "Id", "Country", "Sector", "Events"].map((c) => h("th", {scope: "col"}, c)))),
      h("tbody", {}, actors.map((a) => h("tr", {}, h("td", {class: "clip"}, h("a", {href: actorHref(a.id)}, a.name || a.id)),
        h("td", {class: "clip muted"}, a.id), h("td", {}, a.country), h("td", {}, a.sector), h("td", {class: "num"}, a.events)))))));
}

async function viewActor(view, id, _params, current) {
  if (!id) return viewActors(view, "", _params, current);
  loading(view, "the actor");
  const [actor, quotes] = await Promise.all([api("actors/" + enc(id)), api("quotes", {speaker: id, limit: 50})]);
  if (!current()) return;
  const roles = actor.roles.length
    ? h("table", {class: "events", id: "roles"}, h("thead", {}, h("tr", {}, ["Office", "Country", "From", "To", "Note"].map((c) => h("th", {scope: "col"}, c)))),
        h("tbody", {}, actor.roles.map((r) => h("tr", {}, h("td", {}, r.office), h("td", {}, r.country), h("td", {}, r.start || "?"), h("td", {}, r.end || "in office"), h("td", {class: "muted"}, r.note || "")))))
    : h("p", {class: "muted", id: "roles"}, "No offices recorded in the knowledge base.");
  const byType = h("table", {class: "events", id: "by-type"}, h("thead", {}, h("tr", {}, ["As", "Type", "Quad class", "Events"].map((c) => h("th", {scope: "col"}, c)))),
    h("tbody", {}, actor.events_by_type.map((r) => h("tr", {}, h("td", {}, r.role), h("td", {}, r.plover || "—"),
      h("td", {}, quadBadge(r.quad_class), " ", QUADS[r.quad_class] || ""),
      h("td", {class: "num"}, h("a", {href: "#/events" + qs({actor: id, plover: r.plover || "", quad: r.quad_class || ""})}, r.events))))));
  const counterparts = h("ul", {class: "counterparts", id: "counterparts"}, actor.counterparts.map((c) => h("li", {},
    h("a", {href: actorHref(c.id)}, c.name || c.id), ` ${c.country ? "(" + c.country + ") " : ""}— ${c.events} events: ${(c.types || []).join(", ")} · `,
    h("a", {href: "#/dyad" + qs({a: id, b: c.id})}, "dyad"))));
  const quoteList = h("ol", {class: "quote-list", id: "actor-quotes"}, quotes.quotes.map((q) => h("li", {},
    h("q", {}, q.text), " ", h("span", {class: "muted"}, `(${q.direct ? "direct" : "indirect"}, ${q.cue || "—"}) `),
    h("a", {href: articleHref(q.article_id)}, q.title || q.article_id), " ", h("span", {class: "muted"}, q.published || ""))));
  fill(view,
    h("h1", {id: "actor-name"}, actor.name, actor.country ? ` (${actor.country})` : ""),
    dl([["Id", actor.id], ["Sector", actor.sector], ["Quotes spoken", String(actor.quotes)],
        ["Events", h("a", {href: "#/events" + qs({actor: id})}, "all events with this actor")]]),
    h("div", {class: "actor-grid"},
      h("section", {}, h("h2", {}, "Network"), network(actor)),
      h("section", {}, h("h2", {}, "Counterparts"), actor.counterparts.length ? counterparts : h("p", {class: "muted"}, "None."))),
    h("section", {}, h("h2", {}, "Roles over time"), roles),
    h("section", {}, h("h2", {}, "Events by type"), byType),
    h("section", {}, h("h2", {}, `Quotes (${actor.quotes})`), quotes.quotes.length ? quoteList : h("p", {class: "muted"}, "None.")));
}

/** The actor in the middle, its counterparts around it; edge width by shared events. */
function network(actor) {
  const W = 460, H = 360, cx = W / 2, cy = H / 2, R = 130;
  const others = actor.counterparts.slice(0, 16);
  const max = Math.max(1, ...others.map((c) => c.events));
  const svg = s("svg", {id: "network", class: "network", viewBox: `0 0 ${W} ${H}`, role: "group",
                        "aria-label": `${actor.name} and the ${others.length} actors it interacts with`});
  const label = (text) => text.length > 22 ? text.slice(0, 21) + "…" : text;
  others.forEach((c, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, others.length) - Math.PI / 2;
    const x = cx + R * Math.cos(angle), y = cy + R * Math.sin(angle);
    svg.appendChild(s("line", {x1: cx, y1: cy, x2: x, y2: y, class: "edge", "stroke-width": 1 + (4 * c.events) / max},
      s("title", {}, `${c.events} events`)));
  });
  others.forEach((c, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, others.length) - Math.PI / 2;
    const x = cx + R * Math.cos(angle), y = cy + R * Math.sin(angle);
    const node = s("a", {href: actorHref(c.id), class: "node", "data-id": c.id},
      s("title", {}, `${c.name} — ${c.events} events: ${(c.types || []).join(", ")}`),
      s("circle", {cx: x, cy: y, r: 6 + (6 * c.events) / max}),
      s("text", {x, y: y + (y < cy ? -14 : 24), "text-anchor": "middle"}, label(c.name || c.id)));
    node.setAttribute("aria-label", `${c.name}, ${c.events} events`);
    svg.appendChild(node);
  });
  svg.appendChild(s("g", {class: "node centre"}, s("circle", {cx, cy, r: 16}),
    s("text", {x: cx, y: cy + 32, "text-anchor": "middle"}, label(actor.name))));
  return h("div", {class: "chart-wrap"}, svg);
}

/* ---- map ------------------------------------------------------------------------------- */

let worldCache = null;
function world() {
  worldCache = worldCache || fetch("world.json").then((r) => {
    if (!r.ok) throw new Error("world map missing");
    return r.json();
  });
  return worldCache;
}

async function viewMap(view, _arg, params, current) {
  const filters = pick(params, FILTERS);
  loading(view, "the map");
  const [shape, data] = await Promise.all([world(), api("map", filters)]);
  if (!current()) return;
  const form = filterForm(filters, (values) => go("map", "", pick(values, FILTERS)));
  const detail = h("section", {id: "map-events", class: "explain", "aria-live": "polite"},
    h("p", {class: "muted"}, "Select a point or cluster to list its events; a cluster zooms in."));
  const svg = s("svg", {id: "map-svg", class: "map", viewBox: "0 0 360 180", role: "group",
                        "aria-label": `Map of ${data.located} located events`});
  const land = s("g", {class: "land"}, shape.countries.map((c) => s("path", {d: c.d}, s("title", {}, c.name || ""))));
  const grid = s("g", {class: "grat"});
  for (let lon = 30; lon < 360; lon += 30) grid.appendChild(s("line", {x1: lon, x2: lon, y1: 0, y2: 180}));
  for (let lat = 30; lat < 180; lat += 30) grid.appendChild(s("line", {x1: 0, x2: 360, y1: lat, y2: lat}));
  const layer = s("g", {class: "points"});
  svg.append(s("rect", {x: 0, y: 0, width: 360, height: 180, class: "sea"}), grid, land, layer);
  let vb = {x: 0, y: 0, w: 360, h: 180};

  const showEvents = async (points) => {
    const ids = points.flatMap((p) => p.event_ids).slice(0, 40);
    fill(detail, h("p", {class: "muted"}, "Loading events…"));
    const events = (await Promise.all(ids.map((id) => api("events/" + enc(id)).catch(() => null)))).filter(Boolean);
    const total = points.reduce((n, p) => n + p.events, 0);
    fill(detail, h("h3", {}, points.map((p) => p.name).slice(0, 5).join(", ") + (points.length > 5 ? "…" : ""), ` — ${total} events`),
      total > events.length ? h("p", {class: "muted"}, `The first ${events.length} are listed.`) : null,
      eventTable(events, "", () => {}));
  };

  const draw = () => {
    svg.setAttribute("viewBox", `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
    const k = vb.w / 360;                 // map units per "screen unit" at full view
    const cell = 8 * k;                   // cluster radius in map units
    const clusters = [];
    for (const p of data.points) {
      const x = p.lon + 180, y = 90 - p.lat;
      const near = clusters.find((c) => Math.abs(c.x - x) < cell && Math.abs(c.y - y) < cell);
      if (near) { near.points.push(p); near.events += p.events; }
      else clusters.push({x, y, points: [p], events: p.events});
    }
    fill(layer, ...clusters.map((c) => {
      const many = c.points.length > 1;
      const r = (2 + Math.sqrt(c.events) * 1.5) * k;
      const names = c.points.map((p) => p.name).slice(0, 6).join(", ");
      const g = s("g", {class: many ? "cluster" : "point", "data-events": c.events, "data-places": c.points.length},
        s("title", {}, `${names}${c.points.length > 6 ? "…" : ""}: ${c.events} events`),
        s("circle", {cx: c.x, cy: c.y, r}),
        many || c.events > 1 ? s("text", {x: c.x, y: c.y + r * 0.35, "font-size": r * 1.1, "text-anchor": "middle"}, String(c.events)) : null);
      pressable(g, `${many ? "Cluster of " + c.points.length + " places" : c.points[0].name}: ${c.events} events`);
      g.addEventListener("click", () => {
        showEvents(c.points);
        if (many && vb.w > 10) zoom(c.x, c.y, 0.3);
      });
      return g;
    }));
  };
  const zoom = (x, y, f) => {
    const w = Math.min(360, Math.max(5, vb.w * f)), hh = w / 2;
    vb = {x: Math.min(360 - w, Math.max(0, x - w / 2)), y: Math.min(180 - hh, Math.max(0, y - hh / 2)), w, h: hh};
    draw();
  };
  const centre = () => [vb.x + vb.w / 2, vb.y + vb.h / 2];
  const controls = h("div", {class: "map-controls"},
    h("button", {type: "button", id: "zoom-in", "aria-label": "Zoom in", onclick: () => zoom(...centre(), 0.5)}, "+"),
    h("button", {type: "button", id: "zoom-out", "aria-label": "Zoom out", onclick: () => zoom(...centre(), 2)}, "−"),
    h("button", {type: "button", id: "zoom-reset", onclick: () => { vb = {x: 0, y: 0, w: 360, h: 180}; draw(); }}, "World"),
    ["←", "→", "↑", "↓"].map((arrow, i) => h("button", {type: "button", "aria-label": "Pan " + ["west", "east", "north", "south"][i], onclick: () => {
      const [x, y] = centre(); const d = vb.w / 4;
      zoom(x + [-d, d, 0, 0][i], y + [0, 0, -d / 2, d / 2][i], 1);
    }}, arrow)));
  draw();
  fill(view, h("h1", {}, "Where events happened"), form,
    h("p", {id: "map-summary"}, `${data.located} events at ${data.points.length} places on the map; ${data.unplaced} matching events have no place.`,
      data.truncated ? " Only the busiest places are shown." : ""),
    controls, h("div", {class: "map-wrap"}, svg), detail,
    h("p", {class: "small muted"}, "Map: " + shape.source + "."));
}
