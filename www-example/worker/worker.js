// A Cloudflare Worker that keeps the TIXY private token on the edge and gives
// a page only what it may show: a sales summary, never client e-mails, never
// the token.
//
//   GET /            the dashboard page (fetches /api/sales, renders a table)
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

/** The dashboard's data: per event id, name, gross income, tickets sold; plus totals. */
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
  const soldById = new Map(stats.map((s) => [s.id, s.ticket_statistics?.sold?.count ?? 0]));
  const capacityById = new Map(stats.map((s) => [s.id, s.ticket_statistics?.available?.count ?? 0]));
  // Pick fields one by one: nothing else from the reports (and nothing from
  // the consent endpoints, which carry client e-mails) ever leaves the Worker.
  const events = sales.map((r) => ({
    id: r.id,
    name: r.name,
    grossIncome: round2(r.income?.grossIncome ?? 0),
    ticketsSold: soldById.get(r.id) ?? 0,
    capacity: capacityById.get(r.id) ?? 0,
  }));
  const totals = {
    events: events.length,
    grossIncome: round2(events.reduce((a, e) => a + e.grossIncome, 0)),
    ticketsSold: events.reduce((a, e) => a + e.ticketsSold, 0),
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
<title>TIXY sales dashboard</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
  table { border-collapse: collapse; width: 100%; }
  th, td { padding: .35rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  tfoot td { font-weight: 600; border-top: 2px solid #222; }
  #status { color: #666; }
  #status.error { color: #b00020; }
</style>
</head>
<body>
<h1>Sales dashboard</h1>
<p>Numbers come from this Worker's <code>/api/sales</code>, which holds the TIXY private token; the page never sees it.</p>
<p id="status">Loading…</p>
<table id="sales" hidden>
  <thead><tr><th>Event</th><th class="num">Tickets sold</th><th class="num">Gross income</th></tr></thead>
  <tbody></tbody>
  <tfoot><tr><td id="total-label"></td><td class="num" id="total-sold"></td><td class="num" id="total-gross"></td></tr></tfoot>
</table>
<script type="module">
  const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const status = document.getElementById("status");
  try {
    const res = await fetch("/api/sales", { headers: { accept: "application/json" } });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error + ": " + data.message);
    const tbody = document.querySelector("#sales tbody");
    for (const e of data.events) {
      const tr = tbody.insertRow();
      tr.insertCell().textContent = e.name;
      const sold = tr.insertCell(); sold.className = "num"; sold.textContent = e.ticketsSold;
      const gross = tr.insertCell(); gross.className = "num"; gross.textContent = money.format(e.grossIncome);
    }
    document.getElementById("total-label").textContent = data.totals.events + " events";
    document.getElementById("total-sold").textContent = data.totals.ticketsSold;
    document.getElementById("total-gross").textContent = money.format(data.totals.grossIncome);
    document.getElementById("sales").hidden = false;
    status.textContent = "Updated " + new Date(data.generatedAt).toLocaleString();
  } catch (err) {
    status.className = "error";
    status.textContent = "Could not load sales: " + err.message;
  }
</script>
</body>
</html>
`;
