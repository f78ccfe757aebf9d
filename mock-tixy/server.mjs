// Mock TIXY Connect API for the project's tests and demo.
//
// Four HTTP servers on 127.0.0.1:
//   public          – Public Organizer API  (P1–P4), public token
//   private         – Private Organizer API (S*, T*, M*, C*), private token
//   redirect-target – a different origin that answers everything with {"redirectTarget":true};
//                     it exists so tests can prove a token never follows a cross-origin redirect
//   control         – JSON API to read the request log and queue faults (for tests that can
//                     only speak HTTP: Deno, Bun, workerd, browsers)
// Zero dependencies; Node 20+.

import http from 'node:http';
import { makeDataset } from './data.mjs';

export const DEFAULT_TOKENS = Object.freeze({
  public: 'tixy_pub_demo_0123456789abcdef',
  private: 'tixy_priv_demo_fedcba9876543210',
});

const JSON_TYPE = 'application/json; charset=utf-8';
const CORS_HEADERS = { 'access-control-allow-origin': '*' };
const STATUSES = new Set(['all', 'published', 'pastdue']);
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LIST_CACHE_MAX = 24;

// ------------------------------------------------------------------ endpoint table
//
// One entry per API endpoint (19). `shape` decides how both URL forms are derived:
//   list   – reference `${base}?status=`        path `${base}/{status}`
//   item   – reference `${base}?eventId|eventSlug=` (tourId|tourSlug) path `${base}/{idOrSlug}`
//   fixed  – `${base}` in both forms
//   entity – `${base}/{id}` in both forms; id/slug of an event or a tour
// `range` marks endpoints that take from/to. `render(ds, x, range)` returns the JSON value for
// one item; `json(ds, x)` (optional) returns its cached JSON text instead.

const ENDPOINTS = [
  { code: 'P1', host: 'public', shape: 'list', entity: 'event', base: '/events', render: (ds, e) => e, json: (ds, e) => ds.eventJson(e) },
  { code: 'P2', host: 'public', shape: 'item', entity: 'event', base: '/event', render: (ds, e) => e, json: (ds, e) => ds.eventJson(e) },
  { code: 'P3', host: 'public', shape: 'list', entity: 'tour', base: '/tours', render: (ds, t) => t },
  { code: 'P4', host: 'public', shape: 'item', entity: 'tour', base: '/tour', render: (ds, t) => t },

  { code: 'S1', host: 'private', shape: 'list', entity: 'event', base: '/sales/events', range: true, render: (ds, e, r) => ds.eventSalesReport(e, r) },
  { code: 'S2', host: 'private', shape: 'item', entity: 'event', base: '/sales/event', range: true, render: (ds, e, r) => ds.eventSalesReport(e, r) },
  { code: 'S3', host: 'private', shape: 'list', entity: 'tour', base: '/sales/tours', range: true, render: (ds, t, r) => ds.tourSalesReport(t, r) },
  { code: 'S4', host: 'private', shape: 'item', entity: 'tour', base: '/sales/tour', range: true, render: (ds, t, r) => ds.tourSalesReport(t, r) },
  { code: 'S5', host: 'private', shape: 'fixed', base: '/sales/terms', render: (ds) => ds.salesTerms() },

  { code: 'T1', host: 'private', shape: 'list', entity: 'event', base: '/statistics/events', range: true, render: (ds, e, r) => ds.eventStatistics(e, r) },
  { code: 'T2', host: 'private', shape: 'item', entity: 'event', base: '/statistics/event', range: true, render: (ds, e, r) => ds.eventStatistics(e, r) },
  { code: 'T3', host: 'private', shape: 'list', entity: 'tour', base: '/statistics/tours', range: true, render: (ds, t, r) => ds.tourStatistics(t, r) },
  { code: 'T4', host: 'private', shape: 'item', entity: 'tour', base: '/statistics/tour', range: true, render: (ds, t, r) => ds.tourStatistics(t, r) },

  { code: 'M1', host: 'private', shape: 'entity', base: '/marketing/devices', render: (ds, x) => ds.devices(x) },
  { code: 'M2', host: 'private', shape: 'entity', base: '/marketing/geography', render: (ds, x) => ds.geography(x) },

  { code: 'C1', host: 'private', shape: 'list', entity: 'event', base: '/marketing/clients-granted-consent/events', render: (ds, e) => ds.eventConsent(e) },
  { code: 'C2', host: 'private', shape: 'item', entity: 'event', base: '/marketing/clients-granted-consent/event', render: (ds, e) => ds.eventConsent(e) },
  { code: 'C3', host: 'private', shape: 'list', entity: 'tour', base: '/marketing/clients-granted-consent/tours', render: (ds, t) => ds.tourConsentListItem(t) },
  { code: 'C4', host: 'private', shape: 'item', entity: 'tour', base: '/marketing/clients-granted-consent/tour', render: (ds, t) => ds.tourConsent(t),
    // The other shape the spec allows (quirk consent-tour-clients): a client list like C2's.
    renderClients: (ds, t) => ({ id: t.id, name: t.name, slug: t.slug, clientsGrantedConsent: t.events.flatMap((e) => ds.eventConsent(e).clientsGrantedConsent) }) },
];

/** An error that becomes a JSON response `{ error: message }` with `status`. */
class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function decodeSegment(seg) {
  try {
    return decodeURIComponent(seg);
  } catch {
    throw new HttpError(400, 'Invalid path parameter');
  }
}

function parseStatus(value) {
  if (value === null || value === undefined) return 'all';
  if (!STATUSES.has(value)) throw new HttpError(400, 'Invalid status');
  return value;
}

// The spec's HexObjectId: the private API's eventId/tourId query parameters.
const HEX_OBJECT_ID = /^[a-f0-9]{24}$/;

/** Exactly one of `${entity}Id` / `${entity}Slug`, non-empty; `hexIds`: ids must be HexObjectIds. */
function parseIdOrSlug(query, entity, hexIds) {
  const idKey = `${entity}Id`;
  const slugKey = `${entity}Slug`;
  const hasId = query.has(idKey);
  const hasSlug = query.has(slugKey);
  if (hasId === hasSlug) throw new HttpError(400, `Provide exactly one of ${idKey} or ${slugKey}`);
  const value = query.get(hasId ? idKey : slugKey);
  if (value === '' || (hasId && hexIds && !HEX_OBJECT_ID.test(value))) throw new HttpError(400, `Invalid ${hasId ? idKey : slugKey}`);
  return hasId ? { id: value } : { slug: value };
}

function parseDate(query, key) {
  if (!query.has(key)) return undefined;
  const value = query.get(key);
  const m = DATE_RE.exec(value);
  const ok = m && (() => {
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  })();
  if (!ok) throw new HttpError(400, `Invalid ${key} date`);
  return value;
}

/** from/to for endpoints that take them; null when neither is given. */
function parseRange(query) {
  const from = parseDate(query, 'from');
  const to = parseDate(query, 'to');
  if (from && to && from > to) throw new HttpError(400, 'Invalid date range: from is after to');
  return from || to ? { from, to } : null;
}

/**
 * Compile ENDPOINTS into the route table: { host, form, pattern, endpoint, params(match, query) }.
 * `params` turns a URL into { status } | { lookup } | {} plus { range }, throwing HttpError(400).
 */
function buildRoutes() {
  const routes = [];
  const add = (ep, form, suffix, params) => routes.push({
    host: ep.host,
    form,
    pattern: new RegExp(`^${escapeRe(ep.base)}${suffix}$`),
    endpoint: ep,
    params: (m, q) => ({ ...params(m, q), range: ep.range ? parseRange(q) : null }),
  });
  for (const ep of ENDPOINTS) {
    switch (ep.shape) {
      case 'list':
        add(ep, 'query', '', (m, q) => ({ status: parseStatus(q.get('status')) }));
        add(ep, 'path', '/([^/]+)', (m) => ({ status: parseStatus(decodeSegment(m[1])) }));
        break;
      case 'item':
        add(ep, 'query', '', (m, q) => ({ lookup: parseIdOrSlug(q, ep.entity, ep.host === 'private') }));
        add(ep, 'path', '/([^/]+)', (m) => ({ lookup: { idOrSlug: decodeSegment(m[1]) } }));
        break;
      case 'fixed':
        add(ep, 'both', '', () => ({}));
        break;
      case 'entity':
        add(ep, 'both', '/([^/]+)', (m) => ({ lookup: { idOrSlug: decodeSegment(m[1]) } }));
        break;
      default:
        throw new Error(`unknown shape ${ep.shape}`);
    }
  }
  return routes;
}

export const ROUTES = buildRoutes();

// ------------------------------------------------------------------ responses

/** A response not yet sent: { status, headers, body: Buffer }. */
function jsonResponse(status, value, extraHeaders = {}) {
  return bufferResponse(status, Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), JSON_TYPE, extraHeaders);
}
function bufferResponse(status, body, contentType, extraHeaders = {}) {
  return { status, body, headers: { 'content-type': contentType, ...extraHeaders } };
}
const errorResponse = (status, message, extra) => jsonResponse(status, { error: message }, extra);

/** Tiny LRU of list-response Buffers: big lists are stringified once, then served as-is. */
function makeListCache(max) {
  const map = new Map();
  return (key, build) => {
    let value = map.get(key);
    if (value !== undefined) {
      map.delete(key);
    } else {
      value = build();
      if (map.size >= max) map.delete(map.keys().next().value);
    }
    map.set(key, value);
    return value;
  };
}

function findEntity(ds, entity, lookup) {
  const found = entity === 'event' ? ds.findEvent(lookup)
    : entity === 'tour' ? ds.findTour(lookup)
      : ds.findEvent(lookup) ?? ds.findTour(lookup); // M1/M2 take either
  if (!found) throw new HttpError(404, 'Not found');
  return found;
}

/** Render a matched route to a response (200 or HttpError). */
function renderRoute(ds, cache, route, params) {
  const ep = route.endpoint;
  const one = (x) => (ep.json ? ep.json(ds, x) : JSON.stringify(ep.render(ds, x, params.range)));
  switch (ep.shape) {
    case 'list': {
      const key = `${ep.code}|${params.status}|${params.range?.from ?? ''}|${params.range?.to ?? ''}`;
      const body = cache(key, () => {
        const items = ep.entity === 'event' ? ds.eventsByStatus(params.status) : ds.toursByStatus(params.status);
        return Buffer.from(`[${items.map(one).join(',')}]`);
      });
      return bufferResponse(200, body, JSON_TYPE);
    }
    case 'item':
    case 'entity':
      return jsonResponse(200, one(findEntity(ds, ep.entity, params.lookup)));
    default:
      return jsonResponse(200, ep.render(ds, null, params.range));
  }
}

/** Parse a request target; a leading `//` must not be read as a host name. */
function parseTarget(rawUrl) {
  try {
    return new URL(rawUrl.startsWith('/') ? `http://mock${rawUrl}` : rawUrl);
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ modes
//
// The real API may answer in ways its documentation allows but the default data never shows.
// Each mode makes the mock do one of them, for every request until changed:
//   quirks           – shapes the spec allows (nothing in it is required or typed strictly):
//     no-ids           every other list item, and every single item, without its `id`
//     null-lists       every array inside a body (not the top-level list) sent as `null`
//     numeric-prices   `price`, `vatRate`, `ageLimit` sent as JSON numbers, not decimal strings
//     consent-tour-clients  C4 answers with the event-style shape (id, name, slug, clientsGrantedConsent)
//   wrongKindStatus  403 (default) or 401 for a token of the other kind: TIXY does not document which
//   cors             false: no CORS headers at all (TIXY publishes no CORS policy)

export const QUIRKS = Object.freeze(['no-ids', 'null-lists', 'numeric-prices', 'consent-tour-clients']);

/** Validate a (partial) modes object; returns the normalized patch or throws TypeError. */
function normalizeModes(patch) {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new TypeError('modes must be an object');
  const out = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'quirks') {
      if (!Array.isArray(value) || !value.every((q) => QUIRKS.includes(q))) throw new TypeError(`quirks must be an array of ${QUIRKS.join(', ')}`);
      out.quirks = [...new Set(value)];
    } else if (key === 'wrongKindStatus') {
      if (value !== 401 && value !== 403) throw new TypeError('wrongKindStatus must be 401 or 403');
      out.wrongKindStatus = value;
    } else if (key === 'cors') {
      if (typeof value !== 'boolean') throw new TypeError('cors must be a boolean');
      out.cors = value;
    } else {
      throw new TypeError(`unknown mode ${JSON.stringify(key)}`);
    }
  }
  return out;
}

const DECIMAL_STRING_FIELDS = new Set(['price', 'vatRate', 'ageLimit']);

/** `value` (a parsed body) as the quirks would have TIXY send it. */
function quirky(value, quirks, ep) {
  let v = value;
  const walk = (x, depth) => {
    if (Array.isArray(x)) return x.map((item, i) => {
      const y = walk(item, depth + 1);
      if (quirks.includes('no-ids') && depth === 0 && i % 2 === 1 && y && typeof y === 'object') delete y.id;
      return y;
    });
    if (!x || typeof x !== 'object') return x;
    const out = {};
    for (const [k, val] of Object.entries(x)) {
      if (quirks.includes('null-lists') && Array.isArray(val)) out[k] = null;
      else if (quirks.includes('numeric-prices') && DECIMAL_STRING_FIELDS.has(k) && typeof val === 'string' && val.trim() !== '' && Number.isFinite(Number(val))) out[k] = Number(val);
      else out[k] = walk(val, depth + 1);
    }
    return out;
  };
  v = walk(v, 0);
  if (quirks.includes('no-ids') && v && typeof v === 'object' && !Array.isArray(v)) delete v.id;
  return v;
}

/** The 200 response `normal` with the active quirks applied (unchanged when there are none). */
function applyQuirks(normal, quirks, ep) {
  if (quirks.length === 0 || normal.status !== 200 || !ep) return normal;
  return jsonResponse(200, quirky(JSON.parse(normal.body.toString('utf8')), quirks, ep));
}

// ------------------------------------------------------------------ faults

const FAULT_TYPES = new Set([
  'status', 'delay', 'delay-body', 'malformed-json', 'truncated-json',
  'wrong-content-type', 'reset-mid-body', 'redirect', 'empty-body', 'endless',
]);

/** Validate one fault spec; returns a queue item { spec, remaining } or throws TypeError. */
function normalizeFault(spec) {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new TypeError('fault spec must be an object');
  if (!FAULT_TYPES.has(spec.type)) throw new TypeError(`unknown fault type ${JSON.stringify(spec.type)}`);
  const times = spec.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new TypeError('fault.times must be a positive integer');
  const match = spec.match ?? {};
  if (match.server !== undefined && match.server !== 'public' && match.server !== 'private') {
    throw new TypeError('fault.match.server must be "public" or "private"');
  }
  if (match.path !== undefined && typeof match.path !== 'string') throw new TypeError('fault.match.path must be a string');
  if (spec.type === 'status' && !(Number.isInteger(spec.status) && spec.status >= 200 && spec.status <= 599)) {
    throw new TypeError('status fault needs an integer status 200..599');
  }
  if ((spec.type === 'delay' || spec.type === 'delay-body') && !(typeof spec.ms === 'number' && spec.ms >= 0)) {
    throw new TypeError(`${spec.type} fault needs ms >= 0`);
  }
  if (spec.type === 'redirect' && spec.to !== undefined && spec.to !== 'redirect-target' && spec.to !== 'same-origin') {
    throw new TypeError('redirect fault: to must be "redirect-target" or "same-origin"');
  }
  if (spec.type === 'redirect' && spec.location !== undefined && typeof spec.location !== 'string') {
    throw new TypeError('redirect fault: location must be a string');
  }
  if (spec.type === 'endless' && spec.ms !== undefined && !(typeof spec.ms === 'number' && spec.ms >= 0)) {
    throw new TypeError('endless fault needs ms >= 0');
  }
  if (spec.type === 'endless' && spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 200 && spec.status <= 599)) {
    throw new TypeError('endless fault needs an integer status 200..599');
  }
  return { spec: { ...spec, times }, remaining: times };
}

function makeFaultQueue() {
  let queue = [];
  return {
    add(specs) {
      const items = (Array.isArray(specs) ? specs : [specs]).map(normalizeFault); // all-or-nothing
      queue.push(...items);
      return items.length;
    },
    clear() { queue = []; },
    pending: () => queue.map((q) => ({ ...q.spec, remaining: q.remaining })),
    /** Consume and return the first fault matching this request, or null. */
    take(server, url) {
      const redirected = url.searchParams.get('redirected') === '1';
      const i = queue.findIndex(({ spec }) =>
        (spec.match?.server === undefined || spec.match.server === server)
        && (spec.match?.path === undefined || url.pathname.startsWith(spec.match.path))
        // A same-origin redirect comes back here; it must not bounce forever.
        && !(redirected && spec.type === 'redirect'));
      if (i < 0) return null;
      const item = queue[i];
      if (--item.remaining === 0) queue.splice(i, 1);
      return item.spec;
    },
  };
}

/**
 * Turn the normal response into what the fault prescribes. Returns
 * { status, headers, body, delayMs?, bodyDelayMs?, resetAfter? } – the "send plan".
 */
function applyFault(fault, normal, ctx) {
  if (!fault) return normal;
  switch (fault.type) {
    case 'status': {
      const extra = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      if (fault.body === undefined) return errorResponse(fault.status, http.STATUS_CODES[fault.status] ?? 'Error', extra);
      return jsonResponse(fault.status, fault.body, extra); // a string body is sent verbatim
    }
    case 'delay':
      return { ...normal, delayMs: fault.ms };
    case 'delay-body':
      return { ...normal, bodyDelayMs: fault.ms };
    case 'malformed-json':
      return bufferResponse(200, Buffer.from('{"id": "abc", "name": '), JSON_TYPE);
    case 'truncated-json':
      return bufferResponse(200, normal.body.subarray(0, Math.floor(normal.body.length / 2)), JSON_TYPE);
    case 'wrong-content-type':
      return bufferResponse(200, Buffer.from('<html><body><h1>502 Bad Gateway</h1></body></html>'), 'text/html; charset=utf-8');
    case 'reset-mid-body':
      return { ...normal, resetAfter: Math.max(1, Math.floor(normal.body.length / 2)) };
    case 'redirect': {
      const location = fault.location !== undefined
        ? fault.location.replaceAll('{self}', ctx.selfUrl).replaceAll('{token}', ctx.token ?? '')
        : fault.to === 'same-origin'
        ? `${ctx.selfUrl}${withQuery(ctx.url, 'redirected', '1')}`
        : `${ctx.redirectTargetUrl}${ctx.url.pathname}${ctx.url.search}`;
      return jsonResponse(fault.status ?? 302, { redirect: location }, { location });
    }
    case 'empty-body':
      return bufferResponse(fault.status ?? 200, Buffer.alloc(0), JSON_TYPE);
    case 'endless':
      return { ...bufferResponse(fault.status ?? 200, Buffer.from('{"error":"'), JSON_TYPE), endlessMs: fault.ms ?? 0 };
    default:
      return normal;
  }
}

function withQuery(url, key, value) {
  const params = new URLSearchParams(url.search);
  params.set(key, value);
  return `${url.pathname}?${params}`;
}

// ------------------------------------------------------------------ sending

/** Write a send plan to `res`, honouring delays and resets; never throws on a dead client. */
function send(res, plan, timers, cors = true) {
  const dead = () => res.destroyed || res.writableEnded;
  const later = (ms, fn) => {
    const t = setTimeout(() => { timers.delete(t); if (!dead()) fn(); }, ms);
    timers.add(t);
    res.once('close', () => { clearTimeout(t); timers.delete(t); }); // client went away
  };
  const headers = { ...(cors ? CORS_HEADERS : {}), ...plan.headers, 'content-length': String(plan.body.length) };
  if (plan.endlessMs !== undefined) delete headers['content-length'];
  const writeAll = () => {
    res.writeHead(plan.status, headers);
    if (plan.endlessMs !== undefined) {
      // A body that never ends (chunked): every `endlessMs`, or as fast as the client
      // reads when 0 (backpressure keeps the mock's own memory flat), until it goes away.
      res.write(plan.body);
      const chunk = Buffer.alloc(plan.endlessMs === 0 ? 64 * 1024 : 1, 'x');
      if (plan.endlessMs > 0) {
        const t = setInterval(() => { if (!dead()) res.write(chunk); }, plan.endlessMs);
        timers.add(t);
        res.once('close', () => { clearInterval(t); timers.delete(t); });
      } else {
        const more = () => {
          while (!dead() && res.write(chunk));
          if (!dead()) res.once('drain', more);
        };
        more();
      }
    } else if (plan.resetAfter !== undefined) {
      // Full content-length announced, half the body written, then the connection dies.
      res.write(plan.body.subarray(0, plan.resetAfter), () => setImmediate(() => res.socket?.destroy()));
    } else if (plan.bodyDelayMs !== undefined) {
      res.flushHeaders();
      later(plan.bodyDelayMs, () => res.end(plan.body));
    } else {
      res.end(plan.body);
    }
  };
  if (plan.delayMs !== undefined) later(plan.delayMs, writeAll);
  else writeAll();
}

function preflightResponse(methods) {
  return {
    status: 204,
    body: Buffer.alloc(0),
    headers: {
      'access-control-allow-methods': methods,
      'access-control-allow-headers': 'Authorization, Content-Type',
      'access-control-max-age': '600',
    },
  };
}

function pickHeaders(req) {
  const out = {};
  for (const k of ['authorization', 'origin', 'user-agent', 'accept']) {
    if (req.headers[k] !== undefined) out[k] = req.headers[k];
  }
  return out;
}

// ------------------------------------------------------------------ API servers

/** The response for a non-preflight request to the public or private host, before faults. */
function apiResponse(ctx, kind, req, url) {
  const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  const token = auth?.[1];
  const other = kind === 'public' ? 'private' : 'public';
  if (token === undefined || (token !== ctx.tokens[kind] && token !== ctx.tokens[other])) {
    return errorResponse(401, 'Invalid token');
  }
  if (token !== ctx.tokens[kind]) {
    const status = ctx.modes.wrongKindStatus;
    return errorResponse(status, status === 401 ? 'Invalid token' : 'Access denied');
  }
  if (req.method !== 'GET') return errorResponse(405, 'Method not allowed', { allow: 'GET, OPTIONS' });
  if (!url) return errorResponse(400, 'Bad request target');
  for (const route of ctx.routes[kind]) {
    const m = route.pattern.exec(url.pathname);
    if (!m) continue;
    try {
      const clients = ctx.modes.quirks.includes('consent-tour-clients') && route.endpoint.renderClients;
      const shown = clients ? { ...route, endpoint: { ...route.endpoint, render: route.endpoint.renderClients } } : route;
      const normal = renderRoute(ctx.dataset, ctx.listCache, shown, route.params(m, url.searchParams));
      return applyQuirks(normal, ctx.modes.quirks, route.endpoint);
    } catch (err) {
      if (err instanceof HttpError) return errorResponse(err.status, err.message);
      throw err;
    }
  }
  return errorResponse(404, 'Not found');
}

/** Request handler for public, private and redirect-target servers. */
function makeApiHandler(ctx, kind) {
  return (req, res) => {
    req.on('error', () => {});
    res.on('error', () => {});
    const url = parseTarget(req.url);
    const preflight = req.method === 'OPTIONS';
    let plan;
    let fault = null;
    try {
      if (preflight && !ctx.modes.cors) {
        plan = bufferResponse(404, Buffer.alloc(0), 'text/plain');
      } else if (preflight) {
        plan = preflightResponse('GET, OPTIONS');
      } else if (kind === 'redirect-target') {
        plan = jsonResponse(200, { redirectTarget: true });
      } else {
        const normal = apiResponse(ctx, kind, req, url);
        fault = url ? ctx.faults.take(kind, url) : null;
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        plan = applyFault(fault, normal, { url, token, selfUrl: ctx.urls[kind], redirectTargetUrl: ctx.urls['redirect-target'] });
      }
    } catch (err) {
      console.error('[mock-tixy] handler error:', err);
      plan = errorResponse(500, 'Internal mock error');
    }
    if (ctx.logRequests) ctx.log.push({
      seq: ++ctx.seq,
      server: kind,
      method: req.method,
      url: req.url,
      path: url?.pathname ?? req.url,
      query: url ? Object.fromEntries(url.searchParams) : {},
      headers: pickHeaders(req),
      preflight,
      status: plan.status,
      fault: fault?.type ?? null,
      time: Date.now(),
    });
    send(res, plan, ctx.timers, ctx.modes.cors);
  };
}

// ------------------------------------------------------------------ control server

async function readJsonBody(req, limit = 1 << 20) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'Body too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'Body is not JSON');
  }
}

/** Control routes: "METHOD /path" → async (ctx, req, url) => JSON value. */
const CONTROL_ROUTES = {
  'GET /health': () => ({ ok: true }),
  'GET /config': (ctx) => ctx.config,
  'GET /log': (ctx, req, url) => {
    const since = Number(url.searchParams.get('since') ?? 0);
    const server = url.searchParams.get('server');
    return ctx.log.filter((e) => e.seq > since && (!server || e.server === server));
  },
  'DELETE /log': (ctx) => { ctx.log.length = 0; return { ok: true }; },
  'POST /log/clear': (ctx) => { ctx.log.length = 0; return { ok: true }; },
  'GET /faults': (ctx) => ctx.faults.pending(),
  'POST /faults': async (ctx, req) => {
    const body = await readJsonBody(req);
    try {
      return { ok: true, queued: ctx.faults.add(body) };
    } catch (err) {
      throw new HttpError(400, err.message);
    }
  },
  'DELETE /faults': (ctx) => { ctx.faults.clear(); return { ok: true }; },
  'GET /modes': (ctx) => ctx.modes,
  'POST /modes': async (ctx, req) => {
    const body = await readJsonBody(req);
    try {
      Object.assign(ctx.modes, normalizeModes(body));
    } catch (err) {
      throw new HttpError(400, err.message);
    }
    return ctx.modes;
  },
  'DELETE /modes': (ctx) => Object.assign(ctx.modes, defaultModes()),
};
const CONTROL_PATHS = new Set(Object.keys(CONTROL_ROUTES).map((k) => k.split(' ')[1]));

function makeControlHandler(ctx) {
  return async (req, res) => {
    req.on('error', () => {});
    res.on('error', () => {});
    const url = parseTarget(req.url);
    let plan;
    try {
      if (req.method === 'OPTIONS') {
        plan = preflightResponse('GET, POST, DELETE, OPTIONS');
      } else {
        const handler = url && CONTROL_ROUTES[`${req.method} ${url.pathname}`];
        if (handler) plan = jsonResponse(200, await handler(ctx, req, url));
        else if (url && CONTROL_PATHS.has(url.pathname)) plan = errorResponse(405, 'Method not allowed');
        else plan = errorResponse(404, 'Not found');
      }
    } catch (err) {
      plan = err instanceof HttpError ? errorResponse(err.status, err.message) : errorResponse(500, String(err?.message ?? err));
    }
    send(res, plan, ctx.timers);
  };
}

// ------------------------------------------------------------------ lifecycle

/**
 * Build the public list bodies after startup, in small slices between requests, so a
 * 20k-event list is already cached when a test asks for it yet start-up is not delayed.
 * A request that arrives first simply builds (and caches) the body itself.
 */
function warmInBackground(ctx, isClosed) {
  const { dataset } = ctx;
  const jobs = [];
  for (let i = 0; i < dataset.events.length; i += 1000) {
    jobs.push(() => dataset.events.slice(i, i + 1000).forEach(dataset.eventJson));
  }
  for (const route of ctx.routes.public.filter((r) => r.endpoint.shape === 'list' && r.form === 'query')) {
    for (const status of STATUSES) jobs.push(() => renderRoute(dataset, ctx.listCache, route, { status, range: null }));
  }
  const step = () => {
    if (isClosed() || jobs.length === 0) return;
    jobs.shift()();
    setImmediate(step);
  };
  setImmediate(step);
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address().port);
    });
  });
}

/** An http.Server that tracks its sockets (for a prompt close) and survives bad clients. */
function makeServer(handler, sockets) {
  const server = http.createServer({ keepAlive: true }, handler);
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => {}); // resets from clients are routine in these tests
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

/**
 * Start the mock. Options (all optional): events, tours, seed, host ("127.0.0.1"),
 * publicPort, privatePort, controlPort, redirectTargetPort (0 = random),
 * publicToken, privateToken, modes ({ quirks, wrongKindStatus, cors }; see "modes"),
 * warm (build public list bodies in the background after start;
 * default true), log (keep the request log that GET /log reads; default true. The benchmarks
 * turn it off: hundreds of thousands of entries grow the mock's heap, and its garbage
 * collections then land on whichever client is being timed).
 */
const defaultModes = () => ({ quirks: [], wrongKindStatus: 403, cors: true });

export async function startMock(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const tokens = {
    public: options.publicToken ?? DEFAULT_TOKENS.public,
    private: options.privateToken ?? DEFAULT_TOKENS.private,
  };
  const dataset = makeDataset({ events: options.events ?? 40, tours: options.tours ?? 6, seed: options.seed ?? 1 });
  const ctx = {
    tokens,
    dataset,
    listCache: makeListCache(LIST_CACHE_MAX),
    routes: {
      public: ROUTES.filter((r) => r.host === 'public'),
      private: ROUTES.filter((r) => r.host === 'private'),
    },
    faults: makeFaultQueue(),
    modes: { ...defaultModes(), ...normalizeModes(options.modes ?? {}) },
    log: [],
    logRequests: options.log ?? true,
    seq: 0,
    timers: new Set(),
    urls: {},
    config: null,
  };

  const sockets = new Set();
  const servers = {
    public: makeServer(makeApiHandler(ctx, 'public'), sockets),
    private: makeServer(makeApiHandler(ctx, 'private'), sockets),
    'redirect-target': makeServer(makeApiHandler(ctx, 'redirect-target'), sockets),
    control: makeServer(makeControlHandler(ctx), sockets),
  };

  let closed = false;
  async function close() {
    if (closed) return;
    closed = true;
    for (const t of ctx.timers) clearTimeout(t);
    ctx.timers.clear();
    const done = Object.values(servers)
      .filter((s) => s.listening)
      .map((s) => new Promise((resolve) => s.close(() => resolve())));
    for (const socket of sockets) socket.destroy();
    await Promise.all(done);
  }

  try {
    const ports = {
      public: options.publicPort ?? 0,
      private: options.privatePort ?? 0,
      'redirect-target': options.redirectTargetPort ?? 0,
      control: options.controlPort ?? 0,
    };
    for (const [name, server] of Object.entries(servers)) {
      const port = await listen(server, ports[name], host);
      ctx.urls[name] = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    }
  } catch (err) {
    await close();
    throw err;
  }

  ctx.config = {
    publicUrl: ctx.urls.public,
    privateUrl: ctx.urls.private,
    controlUrl: ctx.urls.control,
    redirectTargetUrl: ctx.urls['redirect-target'],
    tokens: { ...tokens },
  };

  if (options.warm !== false) warmInBackground(ctx, () => closed);

  return {
    ...ctx.config,
    dataset,
    log: () => ctx.log.slice(),
    clearLog: () => { ctx.log.length = 0; },
    addFaults: (specs) => ctx.faults.add(specs),
    clearFaults: () => ctx.faults.clear(),
    /** Changes the modes given (see "modes" above); returns them all. */
    setModes: (patch) => Object.assign(ctx.modes, normalizeModes(patch)),
    resetModes: () => Object.assign(ctx.modes, defaultModes()),
    pendingFaults: () => ctx.faults.pending(),
    close,
  };
}
