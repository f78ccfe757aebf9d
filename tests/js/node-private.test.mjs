// Runtime contract of `import { TixyPrivateClient } from "tixy-connect/server"` in Node,
// against the mock TIXY server: all 15 private methods with exact URLs in both route
// styles, the private token header, result shapes, from/to validation, one TixyError
// class across both entries, and the wrong-token (403) case.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { inspect } from "node:util";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { installPackage } from "../../harness/package.mjs";
import { startMock } from "./lib/mock.mjs";

const PUBLIC_TOKEN = "pubtok_CANARY_0d7e4c1b9a25f3e8";
const PRIVATE_TOKEN = "privtok_CANARY_6b2f9e0a4d7c13c5";
const ALL_TOKENS = [PUBLIC_TOKEN, PRIVATE_TOKEN];
const FROM = "2024-01-01";
const TO = "2024-12-31";

let mock;
let ds;
let server; // the "tixy-connect/server" module
let main; // the "tixy-connect" module

before(async () => {
  const dir = installPackage("node-private");
  // Users' modules in the users' project: bare specifiers resolve through the exports map.
  writeFileSync(join(dir, "server-user.mjs"), 'export * from "tixy-connect/server";\n');
  writeFileSync(join(dir, "main-user.mjs"), 'export * from "tixy-connect";\n');
  server = await import(pathToFileURL(join(dir, "server-user.mjs")).href);
  main = await import(pathToFileURL(join(dir, "main-user.mjs")).href);
  mock = await startMock({ events: 10, tours: 4, seed: 11, publicToken: PUBLIC_TOKEN, privateToken: PRIVATE_TOKEN });
  ds = mock.dataset;
});

after(async () => {
  await mock?.close();
});

// ------------------------------------------------------------------ helpers

const privateClient = (options = {}) =>
  new server.TixyPrivateClient({ privateToken: PRIVATE_TOKEN, baseUrl: mock.privateUrl, maxRetries: 0, ...options });

async function observe(fn) {
  mock.clearLog();
  mock.clearFaults();
  let value;
  let error;
  try {
    value = await fn();
  } catch (err) {
    error = err;
  }
  return { value, error, requests: mock.log().filter((e) => !e.preflight) };
}

const wire = (value) => JSON.parse(JSON.stringify(value));

function assertPlain(value, path = "result") {
  if (value === null || typeof value !== "object") return;
  const proto = Object.getPrototypeOf(value);
  assert.ok(proto === Object.prototype || proto === Array.prototype, `${path} is not a plain object or array`);
  for (const [k, v] of Object.entries(value)) assertPlain(v, `${path}.${k}`);
}

function assertTixyError(err, kind, status) {
  assert.ok(err !== undefined, `expected a TixyError of kind ${kind}, but the call succeeded`);
  assert.ok(err instanceof server.TixyError, `not a TixyError: ${err}`);
  assert.ok(err instanceof main.TixyError, "not an instance of the TixyError exported by \"tixy-connect\"");
  assert.ok(err instanceof Error);
  assert.equal(err.name, "TixyError");
  assert.equal(err.kind, kind, `kind (message: ${err.message})`);
  assert.equal(err.status, status);
  for (const text of [err.message, String(err), JSON.stringify(err), String(err.stack)]) {
    for (const token of ALL_TOKENS) assert.ok(!text.includes(token), `token leaked: ${text}`);
  }
}

function assertOneRequest(requests, url, { server: host = "private", token = PRIVATE_TOKEN } = {}) {
  assert.deepEqual(
    requests.map((r) => ({ server: r.server, method: r.method, url: r.url, authorization: r.headers.authorization })),
    [{ server: host, method: "GET", url, authorization: `Bearer ${token}` }],
  );
}

// ------------------------------------------------------------------ all 15 methods, both route styles

// Each row: method call, URL in the reference ("query") and quickstart ("path") forms,
// and the value the API sends (from the mock's dataset), so results must come back unchanged.
const rows = () => {
  const ev = ds.eventsByStatus("published")[0];
  const ev2 = ds.eventsByStatus("pastdue")[0];
  const tr = ds.tours[1];
  const tr2 = ds.tours[3];
  const range = { from: FROM, to: TO };
  const C = "/marketing/clients-granted-consent";
  return [
    {
      name: "salesEvents({status, from, to})",
      call: (c) => c.salesEvents({ status: "all", from: FROM, to: TO }),
      query: `/sales/events?status=all&from=${FROM}&to=${TO}`,
      path: `/sales/events/all?from=${FROM}&to=${TO}`,
      expect: ds.eventsByStatus("all").map((e) => ds.eventSalesReport(e, range)),
    },
    {
      name: "salesEvents()",
      call: (c) => c.salesEvents(),
      query: "/sales/events?status=all",
      path: "/sales/events/all",
      expect: ds.eventsByStatus("all").map((e) => ds.eventSalesReport(e, null)),
    },
    {
      name: "salesEvent({id}, {from, to})",
      call: (c) => c.salesEvent({ id: ev.id }, { from: FROM, to: TO }),
      query: `/sales/event?eventId=${ev.id}&from=${FROM}&to=${TO}`,
      path: `/sales/event/${ev.id}?from=${FROM}&to=${TO}`,
      expect: ds.eventSalesReport(ev, range),
    },
    {
      name: "salesEvent({slug})",
      call: (c) => c.salesEvent({ slug: ev2.slug }),
      query: `/sales/event?eventSlug=${ev2.slug}`,
      path: `/sales/event/${ev2.slug}`,
      expect: ds.eventSalesReport(ev2, null),
    },
    {
      name: "salesTours({status:'pastdue', from})",
      call: (c) => c.salesTours({ status: "pastdue", from: FROM }),
      query: `/sales/tours?status=pastdue&from=${FROM}`,
      // The quickstart form of sales/tours documents no from/to: refused, never sent.
      path: null,
      expect: ds.toursByStatus("pastdue").map((t) => ds.tourSalesReport(t, { from: FROM })),
    },
    {
      name: "salesTour({id}, {to})",
      call: (c) => c.salesTour({ id: tr.id }, { to: TO }),
      query: `/sales/tour?tourId=${tr.id}&to=${TO}`,
      path: `/sales/tour/${tr.id}?to=${TO}`,
      expect: ds.tourSalesReport(tr, { to: TO }),
    },
    {
      name: "salesTerms()",
      call: (c) => c.salesTerms(),
      query: "/sales/terms",
      path: "/sales/terms",
      expect: ds.salesTerms(),
    },
    {
      name: "statisticsEvents({status:'published', from, to})",
      call: (c) => c.statisticsEvents({ status: "published", from: FROM, to: TO }),
      query: `/statistics/events?status=published&from=${FROM}&to=${TO}`,
      path: `/statistics/events/published?from=${FROM}&to=${TO}`,
      expect: ds.eventsByStatus("published").map((e) => ds.eventStatistics(e, range)),
    },
    {
      name: "statisticsEvent({slug}, {from, to})",
      call: (c) => c.statisticsEvent({ slug: ev.slug }, { from: FROM, to: TO }),
      query: `/statistics/event?eventSlug=${ev.slug}&from=${FROM}&to=${TO}`,
      path: `/statistics/event/${ev.slug}?from=${FROM}&to=${TO}`,
      expect: ds.eventStatistics(ev, range),
    },
    {
      name: "statisticsTours()",
      call: (c) => c.statisticsTours(),
      query: "/statistics/tours?status=all",
      path: "/statistics/tours/all",
      expect: ds.toursByStatus("all").map((t) => ds.tourStatistics(t, null)),
    },
    {
      name: "statisticsTour({id})",
      call: (c) => c.statisticsTour({ id: tr2.id }),
      query: `/statistics/tour?tourId=${tr2.id}`,
      path: `/statistics/tour/${tr2.id}`,
      expect: ds.tourStatistics(tr2, null),
    },
    {
      name: "statisticsTour({slug}, {from})",
      call: (c) => c.statisticsTour({ slug: tr.slug }, { from: FROM }),
      query: `/statistics/tour?tourSlug=${tr.slug}&from=${FROM}`,
      path: `/statistics/tour/${tr.slug}?from=${FROM}`,
      expect: ds.tourStatistics(tr, { from: FROM }),
    },
    {
      name: "devices({id})",
      call: (c) => c.devices({ id: ev.id }),
      query: `/marketing/devices/${ev.id}`,
      path: `/marketing/devices/${ev.id}`,
      expect: ds.devices(ev),
    },
    {
      name: "geography({id})",
      call: (c) => c.geography({ id: tr.id }),
      query: `/marketing/geography/${tr.id}`,
      path: `/marketing/geography/${tr.id}`,
      expect: ds.geography(tr),
    },
    {
      name: "consentEvents({status:'published'})",
      call: (c) => c.consentEvents({ status: "published" }),
      query: `${C}/events?status=published`,
      path: `${C}/events/published`,
      expect: ds.eventsByStatus("published").map((e) => ds.eventConsent(e)),
    },
    {
      name: "consentEvent({id})",
      call: (c) => c.consentEvent({ id: ev2.id }),
      query: `${C}/event?eventId=${ev2.id}`,
      path: `${C}/event/${ev2.id}`,
      expect: ds.eventConsent(ev2),
    },
    {
      name: "consentTours()",
      call: (c) => c.consentTours(),
      query: `${C}/tours?status=all`,
      path: `${C}/tours/all`,
      expect: ds.toursByStatus("all").map((t) => ds.tourConsentListItem(t)),
    },
    {
      name: "consentTour({slug})",
      call: (c) => c.consentTour({ slug: tr2.slug }),
      query: `${C}/tour?tourSlug=${tr2.slug}`,
      path: `${C}/tour/${tr2.slug}`,
      expect: ds.tourConsent(tr2),
    },
  ];
};

const PRIVATE_METHODS = [
  "salesEvents", "salesEvent", "salesTours", "salesTour", "salesTerms",
  "statisticsEvents", "statisticsEvent", "statisticsTours", "statisticsTour",
  "devices", "geography", "consentEvents", "consentEvent", "consentTours", "consentTour",
];

test("the table covers all 15 private methods", () => {
  const covered = new Set(rows().map((r) => r.name.split("(")[0]));
  assert.deepEqual([...covered].sort(), [...PRIVATE_METHODS].sort());
  const c = privateClient();
  for (const m of PRIVATE_METHODS) assert.equal(typeof c[m], "function", `TixyPrivateClient.${m} is missing`);
});

for (const routeStyle of ["query", "path"]) {
  describe(`routeStyle "${routeStyle}"`, () => {
    test("every private method: exact URL, Bearer private token, the API's objects unchanged", async () => {
      const c = routeStyle === "query" ? privateClient() : privateClient({ routeStyle });
      for (const { name, call, expect, ...urls } of rows()) {
        const { value, error, requests } = await observe(() => call(c));
        if (urls[routeStyle] === null) {
          assert.equal(error?.kind, "invalid_input", `${name}: ${error?.message}`);
          assert.deepEqual(requests, [], `${name}: sent a request`);
          continue;
        }
        assert.equal(error, undefined, `${name} failed: ${error?.message}`);
        assertOneRequest(requests, urls[routeStyle]);
        assertPlain(value, name);
        assert.deepStrictEqual(value, wire(expect), `${name}: result differs from what the API sent`);
      }
    });
  });
}

test("results keep the API's field names and wire types", async () => {
  const c = privateClient();
  const [sales] = await c.salesEvents({ status: "published" });
  assert.equal(typeof sales.vatRate, "string");
  assert.equal(typeof sales.income.nettIncome, "number");
  assert.ok(Array.isArray(sales.ticketSales) && sales.ticketSales.length > 0);
  assert.equal(typeof sales.ticketSales[0].ticketSoldAmount, "number");
  const stats = await c.statisticsTour({ id: ds.tours[0].id });
  assert.equal(typeof stats.ticket_statistics.sold.count, "number", "ticket_statistics (snake_case) missing");
  const tourSales = await c.salesTour({ id: ds.tours[0].id });
  assert.equal("ticketSales" in tourSales, false, "tour sales reports have no ticketSales");
  const consent = await c.consentTour({ id: ds.tours[0].id });
  assert.equal(typeof consent.total_users, "number");
  assert.equal(typeof consent.consent_granted.percentage, "number");
});

// ------------------------------------------------------------------ from / to validation

const BAD_DATES = ["2024-02-30", "2024-13-01", "yesterday", "2024-1-01", "20240101", ""];

const dateCalls = (range) => {
  const id = ds.events[0].id;
  const tourId = ds.tours[0].id;
  return [
    ["salesEvents", (c) => c.salesEvents({ status: "all", ...range })],
    ["salesEvent", (c) => c.salesEvent({ id }, range)],
    ["salesTours", (c) => c.salesTours(range)],
    ["salesTour", (c) => c.salesTour({ id: tourId }, range)],
    ["statisticsEvents", (c) => c.statisticsEvents(range)],
    ["statisticsEvent", (c) => c.statisticsEvent({ slug: ds.events[0].slug }, range)],
    ["statisticsTours", (c) => c.statisticsTours({ status: "pastdue", ...range })],
    ["statisticsTour", (c) => c.statisticsTour({ id: tourId }, range)],
  ];
};

const badRanges = [
  ...BAD_DATES.flatMap((d) => [{ from: d }, { to: d }]),
  { from: "2024-06-02", to: "2024-06-01" }, // from > to
  { from: "2025-01-01", to: "2024-12-31" },
];

for (const routeStyle of ["query", "path"]) {
  test(`bad from/to (${routeStyle}) → invalid_input, no request sent`, async () => {
    const c = privateClient({ routeStyle });
    for (const range of badRanges) {
      for (const [name, call] of dateCalls(range)) {
        const { error, requests } = await observe(() => call(c));
        assert.ok(error, `${name}(${JSON.stringify(range)}) did not fail`);
        assertTixyError(error, "invalid_input", undefined);
        assert.deepEqual(requests.map((r) => r.url), [], `${name}(${JSON.stringify(range)}) sent a request`);
      }
    }
  });
}

test("valid edge dates are accepted (leap day, from == to)", async () => {
  const c = privateClient();
  for (const range of [{ from: "2024-02-29", to: "2024-02-29" }, { from: "2000-02-29" }, { to: "2024-12-31" }]) {
    const { error, requests } = await observe(() => c.salesTerms().then(() => c.salesEvents(range)));
    assert.equal(error, undefined, `${JSON.stringify(range)} rejected: ${error?.message}`);
    const q = new URLSearchParams(range).toString();
    assert.deepEqual(requests.map((r) => r.url), ["/sales/terms", `/sales/events?status=all&${q}`]);
  }
});

test("other invalid private input → invalid_input, no request sent", async () => {
  const c = privateClient();
  const cases = [
    ["salesEvents({status:'bogus'})", () => c.salesEvents({ status: "bogus" })],
    ["salesEvent({id, slug})", () => c.salesEvent({ id: ds.events[0].id, slug: ds.events[0].slug })],
    ["salesTour({})", () => c.salesTour({})],
    ["consentEvent({slug:'a/b'})", () => c.consentEvent({ slug: "a/b" })],
    ["devices({id:''})", () => c.devices({ id: "" })],
    ["geography({id:'a/b'})", () => c.geography({ id: "a/b" })],
  ];
  for (const [name, call] of cases) {
    const { error, requests } = await observe(call);
    assert.ok(error, `${name} did not fail`);
    assertTixyError(error, "invalid_input", undefined);
    assert.deepEqual(requests, [], `${name} sent a request`);
  }
  for (const [name, options] of [
    ["privateToken: \"\"", { privateToken: "" }],
    ["publicToken given to TixyPrivateClient", { publicToken: PUBLIC_TOKEN }],
    ["baseUrl http://example.com", { baseUrl: "http://example.com" }],
    ["routeStyle: \"x\"", { routeStyle: "x" }],
  ]) {
    assert.throws(() => privateClient(options), (err) => {
      assertTixyError(err, "invalid_input", undefined);
      return true;
    }, name);
  }
});

// ------------------------------------------------------------------ one error class, wrong token

test("TixyError is one class across \"tixy-connect\" and \"tixy-connect/server\"", () => {
  assert.equal(typeof server.TixyError, "function");
  assert.equal(server.TixyError, main.TixyError);
  assert.equal(server.TixyClient, main.TixyClient);
  assert.equal("TixyPrivateClient" in main, false, "\"tixy-connect\" must not export TixyPrivateClient");
  let err;
  try {
    new main.TixyClient({ publicToken: "" });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof server.TixyError, "an error from the main entry is not instanceof the /server TixyError");
});

test("the classes keep their names through the package's minification (stacks, util.inspect)", () => {
  assert.deepEqual([main.TixyClient.name, server.TixyPrivateClient.name, server.TixyError.name], ["TixyClient", "TixyPrivateClient", "TixyError"]);
  assert.match(inspect(new main.TixyClient({ publicToken: "t", baseUrl: "http://127.0.0.1:9" })), /^TixyClient \{/);
  assert.match(inspect(new server.TixyPrivateClient({ privateToken: "t", baseUrl: "http://127.0.0.1:9" })), /^TixyPrivateClient \{/);
  let err;
  try {
    new main.TixyClient({});
  } catch (e) {
    err = e;
  }
  assert.match(inspect(err), /^TixyError: invalid publicToken/);
  assert.match(String(err.stack), /^TixyError: invalid publicToken/);
});

test("public token in TixyPrivateClient → 403 access_denied naming the wrong kind of token", async () => {
  const { error, requests } = await observe(() =>
    privateClient({ privateToken: PUBLIC_TOKEN, routeStyle: "path" }).salesEvents({ status: "published" }),
  );
  assertTixyError(error, "access_denied", 403);
  assert.match(error.message, /public/i);
  assert.match(error.message, /private/i);
  assertOneRequest(requests, "/sales/events/published", { token: PUBLIC_TOKEN });
  assert.equal(requests[0].status, 403);
});

test("unknown private token → 401 invalid_token; unknown id → 404 not_found", async () => {
  const bad = "privtok_UNKNOWN_CANARY_3e8a";
  ALL_TOKENS.push(bad);
  let r = await observe(() => privateClient({ privateToken: bad }).salesTerms());
  assertTixyError(r.error, "invalid_token", 401);
  assertOneRequest(r.requests, "/sales/terms", { token: bad });

  r = await observe(() => privateClient().statisticsEvent({ id: "000000000000000000000000" }));
  assertTixyError(r.error, "not_found", 404);
  assertOneRequest(r.requests, "/statistics/event?eventId=000000000000000000000000");
});
