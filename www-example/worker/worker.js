// A Cloudflare Worker that keeps the TIXY private token on the edge and gives
// a page only what it may show: a sales summary, never client e-mails, never
// the token.
//
//   GET /            the dashboard page: a date range, SVG charts and a table, from /api/sales
//   GET /api/sales   JSON sales summary per event, plus totals (private API)
//   GET /api/events  JSON list of public events (public API, if TIXY_PUBLIC_TOKEN is set)
//   GET /tixy/…      the public API's four routes, forwarded with this Worker's public token:
//                    a same-origin baseUrl for a page's TixyClient (TIXY publishes no CORS policy)
//
// Environment (see wrangler.toml):
//   TIXY_PRIVATE_TOKEN     secret: `wrangler secret put TIXY_PRIVATE_TOKEN`
//   TIXY_PRIVATE_BASE_URL  optional, default https://private-api.tixyapp.com
//   TIXY_PUBLIC_TOKEN      optional, enables /api/events
//   TIXY_PUBLIC_BASE_URL   optional, default https://public-api.tixyapp.com
//   ALLOWED_ORIGIN         optional, comma-separated origins (or "*") allowed to call /api/* cross-origin
import { TixyClient, TixyError } from "tixy-connect";
import { TixyPrivateClient } from "tixy-connect/server";

// One client per isolate, reused by every request it serves. It is rebuilt
// only if the configuration changes (e.g. a rotated secret after a deploy).
let privateClient = null;
let privateKey = "";
let publicClient = null;
let publicKey = "";

function getPrivateClient(env) {
  const token = env.TIXY_PRIVATE_TOKEN;
  if (!token) throw new ConfigError("TIXY_PRIVATE_TOKEN is not set (wrangler secret put TIXY_PRIVATE_TOKEN)");
  const baseUrl = env.TIXY_PRIVATE_BASE_URL || undefined;
  const key = `${baseUrl ?? ""}\n${token}`;
  if (!privateClient || privateKey !== key) {
    privateClient = new TixyPrivateClient({ privateToken: token, baseUrl });
    privateKey = key;
  }
  return privateClient;
}

function getPublicClient(env) {
  const token = env.TIXY_PUBLIC_TOKEN;
  if (!token) throw new ConfigError("TIXY_PUBLIC_TOKEN is not set, so /api/events is disabled");
  const baseUrl = env.TIXY_PUBLIC_BASE_URL || undefined;
  const key = `${baseUrl ?? ""}\n${token}`;
  if (!publicClient || publicKey !== key) {
    publicClient = new TixyClient({ publicToken: token, baseUrl });
    publicKey = key;
  }
  return publicClient;
}

class ConfigError extends Error {
  kind = "not_configured";
}

const STATUSES = new Set(["all", "published", "pastdue"]);
const round2 = (x) => Math.round(x * 100) / 100;

/** The dashboard's data: per event id, name, gross income, tickets sold and returned; plus totals. */
async function salesSummary(env, url) {
  const status = url.searchParams.get("status") ?? "all";
  if (!STATUSES.has(status)) throw new BadQuery(`status must be one of all, published, pastdue`);
  const range = {};
  for (const k of ["from", "to"]) {
    const v = url.searchParams.get(k);
    if (v) range[k] = v; // the client validates the YYYY-MM-DD form (invalid_input)
  }
  const tixy = getPrivateClient(env);
  const [sales, stats] = await Promise.all([
    tixy.salesEvents({ status, ...range }),
    tixy.statisticsEvents({ status, ...range }),
  ]);
  const statsById = new Map(stats.map((s) => [s.id, s.ticket_statistics ?? {}]));
  // Pick fields one by one: nothing else from the reports (and nothing from
  // the consent endpoints, which carry client e-mails) ever leaves the Worker.
  const events = sales.map((r) => ({
    id: r.id,
    name: r.name,
    grossIncome: round2(r.income?.grossIncome ?? 0),
    ticketsSold: statsById.get(r.id)?.sold?.count ?? 0,
    ticketsReturned: statsById.get(r.id)?.returned?.count ?? 0,
    capacity: statsById.get(r.id)?.available?.count ?? 0,
  }));
  const totals = {
    events: events.length,
    grossIncome: round2(events.reduce((a, e) => a + e.grossIncome, 0)),
    ticketsSold: events.reduce((a, e) => a + e.ticketsSold, 0),
    ticketsReturned: events.reduce((a, e) => a + e.ticketsReturned, 0),
  };
  return { status, ...range, generatedAt: new Date().toISOString(), events, totals };
}

async function publicEvents(env, url) {
  const status = url.searchParams.get("status") ?? "published";
  if (!STATUSES.has(status)) throw new BadQuery(`status must be one of all, published, pastdue`);
  const events = await getPublicClient(env).events({ status });
  return {
    status,
    events: events.map((e) => ({ id: e.id, slug: e.slug, name: e.name, status: e.status, end: e.dates?.end ?? null })),
  };
}

class BadQuery extends Error {
  kind = "invalid_input";
}

// ---------------------------------------------------------------- HTTP plumbing

const UPSTREAM = new Set(["invalid_token", "access_denied", "not_found", "bad_request", "rate_limited", "server", "network", "decode"]);

function statusFor(err) {
  if (err?.kind === "invalid_input") return 400;
  if (err?.kind === "timeout") return 504;
  if (err?.kind === "not_configured") return 503;
  if (UPSTREAM.has(err?.kind)) return 502;
  return 500;
}

/** Error body: the kind and a message, with any configured token cut out (belt and braces). */
function errorResponse(err, env) {
  const known = err instanceof TixyError || err instanceof ConfigError || err instanceof BadQuery;
  let message = known ? String(err.message) : "internal error";
  for (const secret of [env.TIXY_PRIVATE_TOKEN, env.TIXY_PUBLIC_TOKEN]) {
    if (secret) message = message.split(secret).join("[redacted]");
  }
  if (!known) console.error("unexpected error:", err?.name ?? typeof err);
  return json({ error: known ? err.kind : "internal", message }, statusFor(err));
}

function json(body, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** The request's Origin if ALLOWED_ORIGIN lets it in, else null. */
function allowedOrigin(request, env) {
  const origin = request.headers.get("origin");
  const allowed = (env.ALLOWED_ORIGIN ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (!origin || allowed.length === 0) return null;
  return allowed.includes("*") || allowed.includes(origin) ? origin : null;
}

function withCors(response, request, env) {
  const origin = allowedOrigin(request, env);
  if (env.ALLOWED_ORIGIN) response.headers.append("vary", "Origin");
  if (origin) response.headers.set("access-control-allow-origin", origin);
  return response;
}

function preflight(request, env) {
  const origin = allowedOrigin(request, env);
  if (!origin) return new Response(null, { status: 403 });
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "GET, OPTIONS",
      "access-control-allow-headers": "content-type",
      "access-control-max-age": "600",
      vary: "Origin",
    },
  });
}

// ---------------------------------------------------------------- the public API, same origin

// TIXY publishes no CORS policy, so a page cannot count on calling TIXY itself.
// This route lets the page's own TixyClient use the Worker as its baseUrl:
//   new TixyClient({ publicToken: "via-worker", baseUrl: location.origin + "/tixy" })
// Only the public API's four routes (reference and quickstart forms) are
// forwarded, GET only, with the Worker's public token; whatever token the
// page sends is dropped. The private API is never reachable through it.
const PUBLIC_ROUTE = /^\/tixy(\/(?:events|event|tours|tour)(?:\/[^/]+)?)$/;

async function proxyPublic(env, url, path) {
  const token = env.TIXY_PUBLIC_TOKEN;
  if (!token) throw new ConfigError("TIXY_PUBLIC_TOKEN is not set, so /tixy/* is disabled");
  const base = (env.TIXY_PUBLIC_BASE_URL || "https://public-api.tixyapp.com").replace(/\/+$/, "");
  const upstream = await fetch(base + path + url.search, {
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    redirect: "manual",
  });
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      "content-type": upstream.headers.get("content-type") ?? "application/json",
      "cache-control": "no-store",
      ...(upstream.headers.has("retry-after") && { "retry-after": upstream.headers.get("retry-after") }),
    },
  });
}

const API = {
  "/api/sales": salesSummary,
  "/api/events": publicEvents,
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const api = API[url.pathname];
    if (api) {
      if (request.method === "OPTIONS") return preflight(request, env);
      if (request.method !== "GET" && request.method !== "HEAD") {
        return withCors(json({ error: "method_not_allowed", message: "use GET" }, 405), request, env);
      }
      let response;
      try {
        response = json(await api(env, url));
      } catch (err) {
        response = errorResponse(err, env);
      }
      return withCors(response, request, env);
    }
    const proxied = PUBLIC_ROUTE.exec(url.pathname);
    if (proxied && (request.method === "GET" || request.method === "HEAD")) {
      try {
        return await proxyPublic(env, url, proxied[1]);
      } catch (err) {
        return errorResponse(err, env);
      }
    }
    if (url.pathname === "/" && (request.method === "GET" || request.method === "HEAD")) {
      return new Response(PAGE, {
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
        },
      });
    }
    return json({ error: "not_found", message: `no route for ${request.method} ${url.pathname}` }, 404);
  },
};

// ---------------------------------------------------------------- the page

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>TIXY sales dashboard</title>
<style>
  :root { --bg: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa;
          --gross: #2463d6; --sold: #1a7f37; --returned: #bc4c00; --error: #b00020; }
  @media (prefers-color-scheme: dark) {
    :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --card: #161b22;
            --gross: #58a6ff; --sold: #3fb950; --returned: #f0883e; --error: #ff7b72; }
  }
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: var(--fg); background: var(--bg); }
  h1 { margin-bottom: .25rem; }
  .note, #status { color: var(--muted); }
  #status.error { color: var(--error); font-weight: 600; }
  form { display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; align-items: end; margin: 1.25rem 0 .5rem; }
  label { display: grid; gap: .2rem; font-size: .85rem; color: var(--muted); }
  input, button { font: inherit; color: var(--fg); background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .3rem .5rem; }
  input[aria-invalid="true"] { border-color: var(--error); outline: 1px solid var(--error); }
  button { cursor: pointer; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; margin: 1rem 0; }
  .cards div { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; }
  .cards dt { font-size: .8rem; color: var(--muted); }
  .cards dd { margin: 0; font-size: 1.4rem; font-weight: 600; font-variant-numeric: tabular-nums; }
  figure { margin: 1.5rem 0; }
  figcaption { font-weight: 600; margin-bottom: .4rem; }
  .legend { display: inline-block; white-space: nowrap; font-weight: 400; font-size: .85rem; color: var(--muted); margin-left: .2rem; }
  .swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin: 0 .3em 0 .8em; vertical-align: -.05em; }
  .plot { overflow-x: auto; min-height: 16rem; border-radius: 8px; }
  svg { display: block; overflow: visible; }
  svg text { fill: var(--muted); font-size: 11px; }
  svg .grid { stroke: var(--line); }
  svg .axis { stroke: var(--muted); }
  .gross { fill: var(--gross); background: var(--gross); }
  .sold { fill: var(--sold); background: var(--sold); }
  .returned { fill: var(--returned); background: var(--returned); }
  rect.bar:hover { opacity: .75; }
  /* The loading state: dimmed charts over a shimmering placeholder. */
  #dash[aria-busy="true"] .plot { background: linear-gradient(90deg, var(--card) 30%, var(--line) 50%, var(--card) 70%) 0 0 / 300% 100%; animation: shimmer 1.2s linear infinite; }
  #dash[aria-busy="true"] svg, #dash[aria-busy="true"] .cards dd, #dash[aria-busy="true"] table { opacity: .35; }
  @keyframes shimmer { to { background-position: -150% 0; } }
  @media (prefers-reduced-motion: reduce) { #dash[aria-busy="true"] .plot { animation: none; } }
  table { border-collapse: collapse; width: 100%; }
  th, td { padding: .35rem .6rem; border-bottom: 1px solid var(--line); text-align: left; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  tfoot td { font-weight: 600; border-top: 2px solid var(--fg); }
  @media (max-width: 30rem) { th, td { padding: .35rem .25rem; } }
</style>
</head>
<body>
<h1>Sales dashboard</h1>
<p class="note">Numbers come from this Worker's <code>/api/sales</code>, which holds the TIXY private token; the page never sees it.</p>
<form id="range">
  <label>From <input type="date" id="from" name="from"></label>
  <label>To <input type="date" id="to" name="to"></label>
  <button type="button" id="all-dates">All dates</button>
</form>
<p id="status" role="status">Loading…</p>
<section id="dash" aria-busy="true">
  <dl class="cards">
    <div><dt>Events</dt><dd id="total-events">–</dd></div>
    <div><dt>Gross income</dt><dd id="total-gross-card">–</dd></div>
    <div><dt>Tickets sold</dt><dd id="total-sold-card">–</dd></div>
    <div><dt>Tickets returned</dt><dd id="total-returned-card">–</dd></div>
  </dl>
  <figure>
    <figcaption>Gross income per event</figcaption>
    <div class="plot"><svg id="gross-chart" role="img"></svg></div>
  </figure>
  <figure>
    <figcaption>Tickets sold and returned per event
      <span class="legend" aria-hidden="true"><span class="swatch sold"></span>sold<span class="swatch returned"></span>returned</span></figcaption>
    <div class="plot"><svg id="tickets-chart" role="img"></svg></div>
  </figure>
  <table id="sales">
    <thead><tr><th>Event</th><th class="num">Tickets sold</th><th class="num">Returned</th><th class="num">Gross income</th></tr></thead>
    <tbody></tbody>
    <tfoot><tr><td id="total-label"></td><td class="num" id="total-sold"></td><td class="num" id="total-returned"></td><td class="num" id="total-gross"></td></tr></tfoot>
  </table>
</section>
<script type="module">
  // Charts are a few SVG elements drawn here from /api/sales: no chart library.
  const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const count = new Intl.NumberFormat();
  const compact = new Intl.NumberFormat(undefined, { notation: "compact" });
  const $ = (id) => document.getElementById(id);
  const status = $("status"), dash = $("dash"), from = $("from"), to = $("to");

  function el(tag, attrs, parent, text) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    parent.append(node);
    return node;
  }

  // An axis top that is a multiple of 1, 2 or 5 times a power of ten, in about four steps.
  function niceScale(max) {
    if (!(max > 0)) return { top: 1, step: 1 };
    const raw = max / 4, p = 10 ** Math.floor(Math.log10(raw)), f = raw / p;
    const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    return { top: Math.ceil(max / step) * step, step };
  }

  // One group of bars per row, one bar per series; bar height = value / axis top * plot height.
  function barChart(svg, { title, rows, series, describe }) {
    svg.replaceChildren();
    // Room on the left for the first slanted name; slots fill the width, wider charts scroll.
    const left = 100, top = 12, plotH = 220, bottom = 110, right = 12;
    const slot = Math.min(140, Math.max(12 + 6 * series.length, (svg.parentElement.clientWidth - left - right) / rows.length));
    const barW = Math.min(32, (slot * 0.7) / series.length);
    const width = left + slot * rows.length + right, height = top + plotH + bottom;
    const { top: max, step } = niceScale(Math.max(...rows.flatMap((r) => series.map((s) => r[s.key]))));
    Object.entries({ width, height, viewBox: "0 0 " + width + " " + height, "aria-labelledby": svg.id + "-title", "aria-describedby": svg.id + "-desc" })
      .forEach(([k, v]) => svg.setAttribute(k, v));
    el("title", { id: svg.id + "-title" }, svg, title);
    el("desc", { id: svg.id + "-desc" }, svg, rows.map(describe).join("; "));
    const y = (v) => top + plotH - (v / max) * plotH;
    for (let i = 0, v = 0; v <= max; v = ++i * step) {
      el("line", { class: v ? "grid" : "axis", x1: left, x2: width - right, y1: y(v), y2: y(v), "data-value": v }, svg);
      el("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end" }, svg, compact.format(v));
    }
    rows.forEach((r, i) => {
      const x0 = left + slot * i + (slot - barW * series.length) / 2;
      series.forEach((s, j) => {
        const h = (r[s.key] / max) * plotH;
        const bar = el("rect", { class: "bar " + s.class, x: x0 + j * barW, y: top + plotH - h, width: barW - 1, height: h, rx: 2, "data-id": r.id, "data-series": s.key, "data-value": r[s.key] }, svg);
        el("title", {}, bar, r.name + ": " + s.format(r[s.key]) + " " + s.label);
      });
      const cx = left + slot * (i + 0.5), ly = top + plotH + 12;
      const name = r.name.length > 22 ? r.name.slice(0, 21) + "…" : r.name;
      el("text", { x: cx, y: ly, "text-anchor": "end", transform: "rotate(-45 " + cx + " " + ly + ")" }, svg, name);
    });
  }

  function render(data) {
    const rows = [...data.events].sort((a, b) => b.grossIncome - a.grossIncome);
    $("total-events").textContent = count.format(data.totals.events);
    $("total-gross-card").textContent = $("total-gross").textContent = money.format(data.totals.grossIncome);
    $("total-sold-card").textContent = $("total-sold").textContent = count.format(data.totals.ticketsSold);
    $("total-returned-card").textContent = $("total-returned").textContent = count.format(data.totals.ticketsReturned);
    $("total-label").textContent = data.totals.events + " events";
    const tbody = document.querySelector("#sales tbody");
    tbody.replaceChildren();
    for (const e of rows) {
      const tr = tbody.insertRow();
      tr.insertCell().textContent = e.name;
      for (const text of [count.format(e.ticketsSold), count.format(e.ticketsReturned), money.format(e.grossIncome)]) {
        const td = tr.insertCell(); td.className = "num"; td.textContent = text;
      }
    }
    barChart($("gross-chart"), {
      title: "Gross income per event",
      rows,
      series: [{ key: "grossIncome", class: "gross", label: "gross", format: money.format }],
      describe: (r) => r.name + ": " + money.format(r.grossIncome),
    });
    barChart($("tickets-chart"), {
      title: "Tickets sold and returned per event",
      rows,
      series: [
        { key: "ticketsSold", class: "sold", label: "sold", format: count.format },
        { key: "ticketsReturned", class: "returned", label: "returned", format: count.format },
      ],
      describe: (r) => r.name + ": " + count.format(r.ticketsSold) + " sold, " + count.format(r.ticketsReturned) + " returned",
    });
  }

  let pending; // the AbortController of the newest request: a newer range cancels an older one
  async function load() {
    pending?.abort();
    const bad = from.value && to.value && from.value > to.value;
    from.setAttribute("aria-invalid", Boolean(bad));
    to.setAttribute("aria-invalid", Boolean(bad));
    if (bad) return fail("“From” (" + from.value + ") is after “To” (" + to.value + "). Pick a From date on or before the To date.");
    const query = new URLSearchParams();
    if (from.value) query.set("from", from.value);
    if (to.value) query.set("to", to.value);
    const search = String(query) ? "?" + query : "";
    history.replaceState(null, "", location.pathname + search); // the range survives a reload
    const controller = (pending = new AbortController());
    dash.hidden = false;
    dash.setAttribute("aria-busy", "true");
    status.className = "";
    status.textContent = "Loading…";
    try {
      const res = await fetch("/api/sales" + search, { headers: { accept: "application/json" }, signal: controller.signal });
      const data = await res.json();
      if (pending !== controller) return; // a newer range is on its way
      if (!res.ok) throw new Error(data.message || data.error);
      render(data);
      status.textContent = (data.events.length ? "" : "No sales in this range. ") + "Updated " + new Date(data.generatedAt).toLocaleString();
      dash.setAttribute("aria-busy", "false");
    } catch (err) {
      if (!controller.signal.aborted) fail("Could not load sales: " + err.message);
    }
  }

  function fail(message) {
    dash.hidden = true;
    dash.setAttribute("aria-busy", "false");
    status.className = "error";
    status.textContent = message;
  }

  const initial = new URLSearchParams(location.search);
  from.value = initial.get("from") ?? "";
  to.value = initial.get("to") ?? "";
  from.addEventListener("change", load);
  to.addEventListener("change", load);
  $("all-dates").addEventListener("click", () => { from.value = to.value = ""; load(); });
  load();
</script>
</body>
</html>
`;
