// Faithful to the documented TIXY API, not only to the mock's default data (issue 13): the
// packed tarball in Node against the mock's modes, which send what the spec allows
// (items without ids, null lists, numeric prices, the second consentTour shape, 401 for a
// token of the wrong kind), and the example Worker's same-origin proxy route in workerd.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { installPackage } from "../../harness/package.mjs";
import { startMock } from "./lib/mock.mjs";
import { freePort } from "./lib/net.mjs";
import { startExampleWorker } from "../../harness/workerd.mjs";

let mock;
let ds;
let server; // "tixy-connect/server"
let dir;

before(async () => {
  dir = installPackage("fidelity");
  writeFileSync(join(dir, "server-user.mjs"), 'export * from "tixy-connect/server";\n');
  server = await import(pathToFileURL(join(dir, "server-user.mjs")).href);
  mock = await startMock({ events: 12, tours: 4, seed: 5 });
  ds = mock.dataset;
});

after(async () => {
  await mock?.close();
});

const publicClient = (options = {}) =>
  new server.TixyClient({ publicToken: mock.tokens.public, baseUrl: mock.publicUrl, maxRetries: 0, ...options });
const privateClient = (options = {}) =>
  new server.TixyPrivateClient({ privateToken: mock.tokens.private, baseUrl: mock.privateUrl, maxRetries: 0, ...options });

/** Runs `fn` with the mock in `modes`, then puts the defaults back. */
async function inModes(modes, fn) {
  mock.setModes(modes);
  try {
    return await fn();
  } finally {
    mock.resetModes();
  }
}

async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail("expected a rejection");
}

describe("results: only the top-level shape is checked", () => {
  test("list items and single items without an id are handed out, not a decode error", async () => {
    const c = publicClient();
    const events = await inModes({ quirks: ["no-ids"] }, () => c.events());
    assert.equal(events.length, ds.events.length);
    assert.ok(events.some((e) => e.id === undefined) && events.some((e) => typeof e.id === "string"));
    const one = await inModes({ quirks: ["no-ids"] }, () => c.event({ slug: ds.events[0].slug }));
    assert.equal(one.id, undefined);
    assert.equal(one.name, ds.events[0].name);
    const stats = await inModes({ quirks: ["no-ids"] }, () => privateClient().statisticsEvents());
    assert.ok(stats.some((s) => s.id === undefined));
  });

  test("null lists and numeric prices come through untouched", async () => {
    const c = publicClient();
    const nulls = await inModes({ quirks: ["null-lists"] }, () => c.events());
    assert.equal(nulls[0].types, null);
    assert.equal(nulls[0].tickets.tickets, null);
    const numeric = await inModes({ quirks: ["numeric-prices"] }, () => c.event({ id: ds.events[0].id }));
    const price = numeric.tickets.tickets[0].ticketPools[0].price;
    assert.equal(price, Number(ds.events[0].tickets.tickets[0].ticketPools[0].price));
    const sales = await inModes({ quirks: ["numeric-prices", "null-lists"] }, () => privateClient().salesEvents());
    assert.equal(typeof sales[0].vatRate, "number");
    assert.equal(sales[0].ticketSales, null);
  });

  test("a body of the wrong top-level shape is still a decode error", async () => {
    const c = publicClient();
    mock.addFaults({ type: "status", status: 200, body: '{"not":"a list"}', match: { path: "/events" } });
    const err = await rejection(c.events());
    assert.equal(err.kind, "decode");
    assert.match(err.message, /expected a JSON array/);
    mock.addFaults({ type: "status", status: 200, body: "[1,2]", match: { path: "/event" } });
    const one = await rejection(c.event({ slug: "x" }));
    assert.equal(one.kind, "decode");
    assert.match(one.message, /expected a JSON object/);
  });

  test("consentTour: both documented shapes", async () => {
    const t = ds.tours[0];
    const summary = await privateClient().consentTour({ id: t.id });
    assert.equal(typeof summary.total_users, "number");
    const clients = await inModes({ quirks: ["consent-tour-clients"] }, () => privateClient().consentTour({ id: t.id }));
    assert.equal(clients.id, t.id);
    assert.ok(Array.isArray(clients.clientsGrantedConsent) && clients.clientsGrantedConsent.length > 0);
  });
});

describe("only documented parameters on the wire", () => {
  for (const method of ["salesTours", "statisticsTours"]) {
    test(`${method}: from/to in the path form is refused before sending; the query form sends them`, async () => {
      mock.clearLog();
      const path = privateClient({ routeStyle: "path" });
      const err = await rejection(path[method]({ status: "all", from: "2024-01-01" }));
      assert.equal(err.kind, "invalid_input");
      assert.match(err.message, /quickstart \(path\) form of \w+ documents no date range/);
      assert.equal(mock.log().length, 0, "nothing was sent");
      await path[method]({ status: "published" });
      await privateClient()[method]({ status: "all", from: "2024-01-01", to: "2024-12-31" });
      const urls = mock.log().map((r) => r.url);
      assert.deepEqual(urls.map((u) => u.replace(/^\/(sales|statistics)/, "")), ["/tours/published", "/tours?status=all&from=2024-01-01&to=2024-12-31"]);
    });
  }

  test("the path form of the events' reports keeps from/to (documented there)", async () => {
    mock.clearLog();
    await privateClient({ routeStyle: "path" }).salesEvents({ status: "all", from: "2024-01-01" });
    assert.deepEqual(mock.log().map((r) => r.url), ["/sales/events/all?from=2024-01-01"]);
  });
});

describe("error messages follow TIXY's troubleshooting", () => {
  test("401: both causes, the panel's API Settings, the token kind the endpoint needs", async () => {
    const err = await rejection(publicClient({ publicToken: "tixy_unknown_token_0000" }).tours());
    assert.equal(err.kind, "invalid_token");
    assert.equal(
      err.message,
      "tours: HTTP 401 invalid token: TIXY did not accept the token. Either it is not the one made in the TIXY panel (mistyped, revoked or regenerated: copy it again from the panel's API Settings), or it is the wrong kind: tours needs a public token (a private token is refused here) (server said: Invalid token)",
    );
    const priv = await rejection(privateClient({ privateToken: "tixy_unknown_token_0000" }).salesTerms());
    assert.match(priv.message, /wrong kind: salesTerms needs a private token \(a public token is refused here\)/);
  });

  test("a token of the other kind answered with 401 (undocumented) still names the wrong kind", async () => {
    const err = await inModes({ wrongKindStatus: 401 }, () =>
      rejection(publicClient({ publicToken: mock.tokens.private }).events()));
    assert.equal(err.kind, "invalid_token");
    assert.equal(err.status, 401);
    assert.match(err.message, /or it is the wrong kind: events needs a public token/);
    assert.ok(!err.message.includes(mock.tokens.private));
  });

  test("403: verify the token type; 404 of an item: wrong id or slug, or another organizer's", async () => {
    const denied = await rejection(privateClient({ privateToken: mock.tokens.public }).salesEvents());
    assert.equal(denied.kind, "access_denied");
    assert.match(denied.message, /^salesEvents: HTTP 403 access denied: the token may be the wrong kind; verify you are using the correct token type: salesEvents needs a private token \(a public token is refused here\); see the TIXY panel's API Settings/);
    const missing = await rejection(publicClient().event({ id: "ffffffffffffffffffffffff" }));
    assert.equal(missing.kind, "not_found");
    assert.match(missing.message, /^event: HTTP 404 not found: the id or slug may be wrong, or belong to another organizer's token/);
    const privMissing = await rejection(privateClient().salesEvent({ slug: "no-such-event" }));
    assert.match(privMissing.message, /belong to another organizer's token/);
  });

  test("a network error outside a browser says nothing about CORS", async () => {
    const port = await freePort();
    const err = await rejection(publicClient({ baseUrl: `http://127.0.0.1:${port}` }).events());
    assert.equal(err.kind, "network");
    assert.doesNotMatch(err.message, /CORS/);
  });
});

describe("the example Worker's same-origin route to the public API (workerd)", () => {
  let worker;
  before(async () => {
    worker = await startExampleWorker({ projectDir: dir, publicBaseUrl: mock.publicUrl, publicToken: mock.tokens.public });
  });
  after(async () => {
    await worker?.dispose();
  });

  test("a TixyClient with the Worker as baseUrl gets the public API's answers, whatever token it holds", async () => {
    const base = new URL("/tixy", worker.url).href;
    mock.clearLog();
    const viaWorker = new server.TixyClient({ publicToken: "via-worker", baseUrl: base, maxRetries: 0 });
    const events = await viaWorker.events({ status: "published" });
    assert.deepEqual(events.map((e) => e.id), (await publicClient().events({ status: "published" })).map((e) => e.id));
    const one = await new server.TixyClient({ publicToken: "via-worker", baseUrl: base, routeStyle: "path" }).tour({ slug: ds.tours[1].slug });
    assert.equal(one.id, ds.tours[1].id);
    const forwarded = mock.log().filter((r) => !r.preflight);
    assert.ok(forwarded.length >= 2);
    assert.ok(forwarded.every((r) => r.headers.authorization === `Bearer ${mock.tokens.public}`), "the Worker's token, not the page's");
  });

  test("only the public API's routes are forwarded", async () => {
    for (const path of ["/tixy/sales/events", "/tixy/marketing/devices/x", "/tixy/events/a/b", "/tixy/"]) {
      const res = await fetch(new URL(path, worker.url));
      assert.equal(res.status, 404, path);
      await res.arrayBuffer();
    }
  });
});
