// Runtime contract of `import { TixyClient, TixyError } from "tixy-connect"` in Node,
// against the mock TIXY server: exact request URLs in both route styles, the
// Authorization header, result shapes, error kinds, input validation and token hygiene.
// The package is installed from the packed tarball and imported through its `exports` map.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { importAsUser } from "../../harness/package.mjs";
import { startMock } from "./lib/mock.mjs";

// Distinctive tokens, so a leak of either one into an error is unmistakable.
const PUBLIC_TOKEN = "pubtok_CANARY_5f0e2b9a7c41d6e3";
const PRIVATE_TOKEN = "privtok_CANARY_a8d3c6e1f2047b95";
const UNKNOWN_TOKEN = "pubtok_UNKNOWN_CANARY_91c4e07d2b";
const ALL_TOKENS = [PUBLIC_TOKEN, PRIVATE_TOKEN, UNKNOWN_TOKEN];

let mock;
let ds; // the mock's dataset: what the API "really" holds
let TixyClient;
let TixyError;

before(async () => {
  // A user's module in the user's project: "tixy-connect" resolves through the exports map.
  ({ TixyClient, TixyError } = (await importAsUser("node-public", 'export * from "tixy-connect";\n')).lib);
  mock = await startMock({ events: 12, tours: 4, seed: 7, publicToken: PUBLIC_TOKEN, privateToken: PRIVATE_TOKEN });
  ds = mock.dataset;
});

after(async () => {
  await mock?.close();
});

// ------------------------------------------------------------------ helpers

const client = (options = {}) => new TixyClient({ publicToken: PUBLIC_TOKEN, baseUrl: mock.publicUrl, maxRetries: 0, ...options });

/** The requests the mock saw (preflights excluded) while `fn` ran, and fn's outcome. */
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
  const requests = mock.log().filter((e) => !e.preflight);
  return { value, error, requests };
}

/** JSON round trip: what the wire carried, as plain objects (deepStrictEqual checks prototypes). */
const wire = (value) => JSON.parse(JSON.stringify(value));

/** Every object and array in `value` is a plain one (no Map, no class instance, no null prototype). */
function assertPlain(value, path = "result") {
  if (value === null || typeof value !== "object") return;
  const proto = Object.getPrototypeOf(value);
  assert.ok(proto === Object.prototype || proto === Array.prototype, `${path} is not a plain object or array`);
  for (const [k, v] of Object.entries(value)) assertPlain(v, `${path}.${k}`);
}

/** Fails when any token appears in anything an error exposes. */
function assertNoTokenIn(err) {
  const surfaces = {
    message: String(err.message),
    "String(err)": String(err),
    "JSON.stringify(err)": JSON.stringify(err),
    stack: String(err.stack),
    "own properties": JSON.stringify(Object.getOwnPropertyNames(err).map((k) => String(err[k]))),
  };
  for (const [where, text] of Object.entries(surfaces)) {
    for (const token of ALL_TOKENS) assert.ok(!text.includes(token), `token leaked into ${where}: ${text}`);
  }
}

/** A TixyError of this kind and status, per CONTRACT.md, with no token anywhere in it. */
function assertTixyError(err, kind, status) {
  assert.ok(err !== undefined, `expected a TixyError of kind ${kind}, but the call succeeded`);
  assert.ok(err instanceof TixyError, `not a TixyError: ${err}`);
  assert.ok(err instanceof Error, "TixyError is not an Error");
  assert.equal(err.name, "TixyError");
  assert.equal(err.kind, kind, `kind (message: ${err.message})`);
  assert.equal(err.status, status);
  assert.equal(typeof err.message, "string");
  assert.ok(err.message.length > 0, "empty error message");
  assertNoTokenIn(err);
}

/** Exactly one GET to the public host, at this path+query, with the public token. */
function assertOneRequest(requests, url, token = PUBLIC_TOKEN) {
  assert.deepEqual(
    requests.map((r) => ({ server: r.server, method: r.method, url: r.url, authorization: r.headers.authorization })),
    [{ server: "public", method: "GET", url, authorization: `Bearer ${token}` }],
  );
}

// ------------------------------------------------------------------ every method, both route styles

// name, call, expected URL per route style, expected result (from the mock's dataset).
const calls = () => {
  const ev = ds.eventsByStatus("published")[1];
  const pastEv = ds.eventsByStatus("pastdue")[0];
  const tr = ds.tours[2];
  return [
    { name: "events()", call: (c) => c.events(), query: "/events?status=all", path: "/events/all", expect: ds.eventsByStatus("all") },
    { name: "events({})", call: (c) => c.events({}), query: "/events?status=all", path: "/events/all", expect: ds.eventsByStatus("all") },
    ...["all", "published", "pastdue"].map((status) => ({
      name: `events({status:"${status}"})`,
      call: (c) => c.events({ status }),
      query: `/events?status=${status}`,
      path: `/events/${status}`,
      expect: ds.eventsByStatus(status),
    })),
    { name: "event({id})", call: (c) => c.event({ id: ev.id }), query: `/event?eventId=${ev.id}`, path: `/event/${ev.id}`, expect: ev },
    { name: "event({slug})", call: (c) => c.event({ slug: pastEv.slug }), query: `/event?eventSlug=${pastEv.slug}`, path: `/event/${pastEv.slug}`, expect: pastEv },
    { name: "tours()", call: (c) => c.tours(), query: "/tours?status=all", path: "/tours/all", expect: ds.toursByStatus("all") },
    ...["all", "published", "pastdue"].map((status) => ({
      name: `tours({status:"${status}"})`,
      call: (c) => c.tours({ status }),
      query: `/tours?status=${status}`,
      path: `/tours/${status}`,
      expect: ds.toursByStatus(status),
    })),
    { name: "tour({id})", call: (c) => c.tour({ id: tr.id }), query: `/tour?tourId=${tr.id}`, path: `/tour/${tr.id}`, expect: tr },
    { name: "tour({slug})", call: (c) => c.tour({ slug: tr.slug }), query: `/tour?tourSlug=${tr.slug}`, path: `/tour/${tr.slug}`, expect: tr },
  ];
};

for (const routeStyle of ["query", "path"]) {
  describe(`routeStyle "${routeStyle}"`, () => {
    test("every public method: exact URL, Bearer public token, the API's objects unchanged", async () => {
      // The default (no routeStyle) must be the query form.
      const c = routeStyle === "query" ? client() : client({ routeStyle });
      for (const { name, call, expect, ...urls } of calls()) {
        const { value, error, requests } = await observe(() => call(c));
        assert.equal(error, undefined, `${name} failed: ${error?.message}`);
        assertOneRequest(requests, urls[routeStyle]);
        assertPlain(value, name);
        assert.deepStrictEqual(value, wire(expect), `${name}: result differs from what the API sent`);
      }
    });
  });
}

test("routeStyle: \"query\" given explicitly is the reference form", async () => {
  const { requests } = await observe(() => client({ routeStyle: "query" }).events({ status: "pastdue" }));
  assertOneRequest(requests, "/events?status=pastdue");
});

test("results keep the API's own field names and wire types", async () => {
  const ev = await client().event({ id: ds.events[0].id });
  assert.equal(typeof ev.tickets.isTicketResselingEnabled, "boolean");
  const pool = ev.tickets.tickets[0].ticketPools[0];
  assert.equal(typeof pool.price, "string");
  assert.match(pool.price, /^\d+\.\d\d$/);
  assert.equal(typeof ev.restrictions.ageLimit, "string");
  assert.equal(typeof pool.salesDates.hasStartDate, "boolean");
  assert.ok(Array.isArray(ev.dates.openings));
});

test("fields the API adds later come through untouched", async () => {
  const extra = { zzFutureField: { nested: [1, "two", null, { deep: true }] }, zzFlag: false };
  // An injected fetch that adds unknown fields to the mock's real responses.
  const addingFetch = async (input, init) => {
    const res = await fetch(input, init);
    const body = await res.json();
    const add = (o) => Object.assign(o, structuredClone(extra));
    if (Array.isArray(body)) body.forEach(add);
    else add(body);
    if (body.tickets) add(body.tickets.tickets[0].ticketPools[0]);
    return new Response(JSON.stringify(body), { status: res.status, headers: { "content-type": "application/json" } });
  };
  const c = client({ fetch: addingFetch });
  const ev = await c.event({ id: ds.events[0].id });
  assert.deepStrictEqual(ev.zzFutureField, extra.zzFutureField);
  assert.equal(ev.zzFlag, false);
  assert.deepStrictEqual(ev.tickets.tickets[0].ticketPools[0].zzFutureField, extra.zzFutureField);
  const list = await c.tours({ status: "published" });
  assert.ok(list.length > 0);
  for (const t of list) assert.deepStrictEqual(t.zzFutureField, extra.zzFutureField);
});

// ------------------------------------------------------------------ HTTP errors

const httpErrors = () => [
  {
    name: "400 (status fault)",
    faults: [{ match: { server: "public", path: "/events" }, times: 1, type: "status", status: 400 }],
    call: () => client().events({ status: "published" }),
    url: "/events?status=published",
    kind: "bad_request",
    status: 400,
  },
  {
    // Servers do echo credentials in error bodies; the client must not copy them into errors.
    name: "400 whose body echoes the token",
    faults: [{ match: { server: "public" }, times: 1, type: "status", status: 400, body: { error: `bad request for Bearer ${PUBLIC_TOKEN}` } }],
    call: () => client().tours({ status: "pastdue" }),
    url: "/tours?status=pastdue",
    kind: "bad_request",
    status: 400,
  },
  {
    name: "401 (unknown token)",
    call: () => client({ publicToken: UNKNOWN_TOKEN }).events(),
    url: "/events?status=all",
    token: UNKNOWN_TOKEN,
    kind: "invalid_token",
    status: 401,
  },
  {
    name: "403 (private token in TixyClient)",
    call: () => client({ publicToken: PRIVATE_TOKEN }).tours(),
    url: "/tours?status=all",
    token: PRIVATE_TOKEN,
    kind: "access_denied",
    status: 403,
    message: (m) => {
      assert.match(m, /token/i);
      assert.match(m, /public/i, "403 message does not say the token may be the wrong kind");
      assert.match(m, /private/i, "403 message does not say the token may be the wrong kind");
    },
  },
  {
    name: "404 (unknown slug)",
    call: () => client().event({ slug: "no-such-event-anywhere" }),
    url: "/event?eventSlug=no-such-event-anywhere",
    kind: "not_found",
    status: 404,
  },
  {
    name: "404 (unknown tour id, path form)",
    call: () => client({ routeStyle: "path" }).tour({ id: "ffffffffffffffffffffffff" }),
    url: "/tour/ffffffffffffffffffffffff",
    kind: "not_found",
    status: 404,
  },
];

for (const c of httpErrors()) {
  test(`HTTP error ${c.name} → TixyError ${c.kind}, sent once, no token in the error`, async () => {
    const { error, requests } = await observe(() => {
      if (c.faults) mock.addFaults(c.faults);
      return c.call();
    });
    assertTixyError(error, c.kind, c.status);
    assert.equal(error.retryAfterMs, undefined);
    c.message?.(error.message);
    assertOneRequest(requests, c.url, c.token);
    assert.equal(requests[0].status, c.status, "the mock answered differently than this case assumes");
  });
}

// ------------------------------------------------------------------ invalid input: nothing is sent

const invalidCalls = () => {
  const id = ds.events[0].id;
  return [
    ["events({status:'bogus'})", (c) => c.events({ status: "bogus" })],
    ["events({status:'Published'})", (c) => c.events({ status: "Published" })],
    ["tours({status:''})", (c) => c.tours({ status: "" })],
    ["event({id, slug})", (c) => c.event({ id, slug: "some-slug" })],
    ["tour({id, slug})", (c) => c.tour({ id: ds.tours[0].id, slug: "some-slug" })],
    ["event({})", (c) => c.event({})],
    ["tour({})", (c) => c.tour({})],
    ["event({slug:'a/b'})", (c) => c.event({ slug: "a/b" })],
    ["tour({slug:'../tours'})", (c) => c.tour({ slug: "../tours" })],
    ["event({id:'a/b'})", (c) => c.event({ id: "a/b" })],
    ["event({id:''})", (c) => c.event({ id: "" })],
    // Argument objects of the wrong type, and fields of the wrong type: the
    // third element is what the message must say.
    ["event('abc')", (c) => c.event("abc"), /invalid argument: must be an object/],
    ["event([id])", (c) => c.event([id]), /invalid argument: must be an object/],
    ["event(null)", (c) => c.event(null), /invalid argument: pass \{ id \} or \{ slug \}/],
    ["event(() => id)", (c) => c.event(() => id), /invalid argument: must be an object/],
    ["event({id:5})", (c) => c.event({ id: 5 }), /invalid id: must be a string/],
    ["event({slug:null, id:{}})", (c) => c.event({ slug: null, id: {} }), /invalid id: must be a string/],
    ["event({get id() { throw }})", (c) => c.event({ get id() { throw new Error("getter"); } }), /invalid id: cannot be read/],
    ["events(5)", (c) => c.events(5), /invalid argument: must be an object/],
    ["events({status:1})", (c) => c.events({ status: 1 }), /invalid status: must be a string/],
    ["event({id}, 'opts')", (c) => c.event({ id }, "opts"), /invalid options: must be an object/],
    ["event({id}, [])", (c) => c.event({ id }, []), /invalid options: must be an object/],
    ["event({id}, {signal:{}})", (c) => c.event({ id }, { signal: {} }), /invalid signal: must be an AbortSignal/],
    ["event({id}, {timeoutMs:'5'})", (c) => c.event({ id }, { timeoutMs: "5" }), /invalid timeoutMs: must be a whole number/],
    ["event({id}, {timeoutMs:1.5})", (c) => c.event({ id }, { timeoutMs: 1.5 }), /invalid timeoutMs: must be a whole number/],
  ];
};

test("absent arguments and options read as absent (undefined and null alike)", async () => {
  const c = client();
  const id = ds.events[0].id;
  for (const [name, call] of [
    ["events()", () => c.events()],
    ["events(null)", () => c.events(null)],
    ["events({status:null}, null)", () => c.events({ status: null }, null)],
    ["event({id, slug:undefined}, {signal:null, timeoutMs:undefined})", () => c.event({ id, slug: undefined }, { signal: null, timeoutMs: undefined })],
  ]) {
    const { value, error, requests } = await observe(call);
    assert.equal(error, undefined, `${name} failed: ${error}`);
    assert.ok(value, `${name} returned nothing`);
    assert.equal(requests.length, 1, `${name} sent ${requests.length} requests`);
  }
});

for (const routeStyle of ["query", "path"]) {
  test(`invalid method arguments (${routeStyle}) → invalid_input, no request sent`, async () => {
    const c = client({ routeStyle });
    for (const [name, call, says] of invalidCalls()) {
      const { error, requests } = await observe(() => call(c));
      assert.ok(error, `${name} did not fail`);
      assertTixyError(error, "invalid_input", undefined);
      if (says) assert.match(error.message, says, name);
      assert.deepEqual(requests.map((r) => r.url), [], `${name} sent a request`);
    }
  });
}

// Ids are opaque: an odd one is either refused before sending (invalid_input) or sent so
// that the server reads back exactly that id, never a changed path or an extra parameter.
const ODD_IDS = ["zażółć", "a+b", "a b", "a?b=c", "a#b", "a%2Fb", "a&tourId=x", "..", "a\\b"];

for (const routeStyle of ["query", "path"]) {
  test(`odd ids (${routeStyle}) are refused or sent intact, never break the URL`, async () => {
    const c = client({ routeStyle });
    let sent = 0;
    for (const id of ODD_IDS) {
      const { error, requests } = await observe(() => c.event({ id }));
      assert.ok(error, `event({id:${JSON.stringify(id)}}) unexpectedly found something`);
      if (error.kind === "invalid_input") {
        assertTixyError(error, "invalid_input", undefined);
        assert.deepEqual(requests, [], `${JSON.stringify(id)} refused, yet a request was sent`);
        continue;
      }
      sent++;
      assertTixyError(error, "not_found", 404);
      assert.equal(requests.length, 1);
      const [r] = requests;
      if (routeStyle === "query") {
        assert.equal(r.path, "/event");
        assert.deepEqual(r.query, { eventId: id }, `raw URL ${r.url}`);
      } else {
        const segments = r.path.split("/");
        assert.equal(segments.length, 3, `raw URL ${r.url}`);
        assert.equal(segments[1], "event");
        assert.equal(decodeURIComponent(segments[2]), id, `raw URL ${r.url}`);
        assert.equal(r.url.includes("?"), false, `raw URL ${r.url}`);
      }
    }
    assert.ok(sent >= 2, "ordinary non-ASCII ids (\"zażółć\", \"a+b\") must be sent, percent-encoded");
  });
}

const invalidOptions = [
  ["publicToken: \"\"", { publicToken: "" }],
  ["no publicToken", { publicToken: undefined }],
  ["privateToken given to TixyClient", { privateToken: PRIVATE_TOKEN }],
  ["baseUrl http://example.com", { baseUrl: "http://example.com" }],
  ["timeoutMs: 0", { timeoutMs: 0 }],
  ["maxRetries: -1", { maxRetries: -1 }],
  ["routeStyle: \"x\"", { routeStyle: "x" }],
  ["publicToken: 5", { publicToken: 5 }],
  ["baseUrl: 5", { baseUrl: 5 }],
  ["fetch: \"fetch\"", { fetch: "fetch" }],
  ["timeoutMs: \"30\"", { timeoutMs: "30" }],
];

test("constructor options that are not an object throw invalid_input", () => {
  for (const options of [undefined, null, "tixy_pub_x", [PUBLIC_TOKEN], () => PUBLIC_TOKEN, 5]) {
    let thrown;
    try {
      new TixyClient(options);
    } catch (err) {
      thrown = err;
    }
    assert.ok(thrown, `new TixyClient(${typeof options}) did not throw`);
    assertTixyError(thrown, "invalid_input", undefined);
  }
});

test("invalid constructor options throw invalid_input synchronously, no request sent", async () => {
  // Guard: the baseline options construct fine, so each failure below is due to its one change.
  assert.ok(client() instanceof TixyClient);
  for (const [name, change] of invalidOptions) {
    const { requests } = await observe(() => {
      let thrown;
      try {
        new TixyClient({ publicToken: PUBLIC_TOKEN, baseUrl: mock.publicUrl, ...change });
      } catch (err) {
        thrown = err;
      }
      assert.ok(thrown, `new TixyClient with ${name} did not throw synchronously`);
      assertTixyError(thrown, "invalid_input", undefined);
    });
    assert.deepEqual(requests, [], `${name} sent a request`);
  }
});

// ------------------------------------------------------------------ injected fetch

test("an injected fetch is used and globalThis.fetch is not", async () => {
  const realFetch = globalThis.fetch;
  let globalCalls = 0;
  let injectedCalls = 0;
  globalThis.fetch = (...args) => {
    globalCalls++;
    return realFetch(...args);
  };
  try {
    const injected = (...args) => {
      injectedCalls++;
      return realFetch(...args);
    };
    const { error, requests } = await observe(() => client({ fetch: injected }).events({ status: "published" }));
    assert.equal(error, undefined);
    assert.equal(injectedCalls, 1);
    assert.equal(globalCalls, 0, "globalThis.fetch was called although a fetch was injected");
    assertOneRequest(requests, "/events?status=published");

    // Control: without an injected fetch the (patched) global one is what gets called.
    await client().tours({ status: "published" });
    assert.equal(globalCalls, 1, "without an injected fetch, globalThis.fetch was not called");
    assert.equal(injectedCalls, 1);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test("an injected fetch that changes init.headers does not change the client's later requests", async () => {
  let calls = 0;
  const meddling = (url, init) => {
    calls++;
    assert.equal(typeof url, "string", "called as fetch(url, init)");
    assert.equal(init.redirect, "manual");
    assert.ok(init.signal instanceof AbortSignal);
    const sent = fetch(url, init);
    init.headers.delete("authorization"); // after the request took its copy
    init.headers.set("x-meddled", "1");
    return sent;
  };
  const c = client({ fetch: meddling });
  for (const path of ["/events?status=published", "/tours?status=published"]) {
    const { error, requests } = await observe(() => (path.startsWith("/events") ? c.events({ status: "published" }) : c.tours({ status: "published" })));
    assert.equal(error, undefined);
    assertOneRequest(requests, path);
    assert.equal(requests[0].headers["x-meddled"], undefined, "a header set by the injected fetch reached a later request");
  }
  assert.equal(calls, 2);
});
