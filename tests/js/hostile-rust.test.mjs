// What a hostile review of the Rust side found after issue 15 part B and issue 16 (Node, the
// packed tarball, real HTTP to the mock), each a test that failed before its fix.
//
//   node --test tests/js/hostile-rust.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMock } from "./lib/mock.mjs";
import { importAsUser } from "../../harness/package.mjs";

const PUBLIC_TOKEN = "pubtok_CANARY_rustrev_3b9d07e1";

let mock, lib;

before(async () => {
  mock = await startMock({ events: 3, tours: 1, seed: 15, publicToken: PUBLIC_TOKEN });
  ({ lib } = await importAsUser("hostile-rust", 'export { TixyClient, TixyError } from "tixy-connect";\n'));
});

after(async () => {
  await mock?.close();
});

const publicClient = (options = {}) => new lib.TixyClient({ publicToken: PUBLIC_TOKEN, baseUrl: mock.publicUrl, ...options });

/** `{ value }` or `{ error }` of a promise. */
const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));

test("the same call made from inside an injected fetch, while the first one is being sent, gets the events", async () => {
  // A fetch wrapper that calls the client again (a cache warm-up, a retry of its own) runs
  // inside the first call's attempt, before that attempt has returned to the client: the
  // second call, to the same URL, would join the first one's request (dedupe) at that moment,
  // which re-entered the first call in wasm.
  for (let round = 0; round < 200; round++) {
    let inner;
    const client = publicClient({
      fetch: (url, init) => {
        inner ??= client.events();
        return fetch(url, init);
      },
    });
    const outer = await settle(client.events());
    assert.ok(inner, "the injected fetch was called");
    const second = await settle(inner);
    for (const [who, r] of [["first", outer], ["second", second]]) {
      assert.ok(!r.error || r.error instanceof lib.TixyError, `${who} call (round ${round}): ${r.error?.stack ?? r.error}`);
      assert.equal(r.error, undefined, `${who} call (round ${round}): ${r.error?.message}`);
      assert.equal(r.value.length, 3, `${who} call gets the mock's 3 events`);
    }
    if (round === 0) assert.notEqual(outer.value, second.value, "each caller its own array");
    client.free();
  }
});

test("a fetch wrapper that awaits the same call of its client is not stuck until the timeout", async () => {
  // The call made from inside the attempt cannot wait for that attempt: it is what the
  // attempt waits for. It sends its own request (through the wrapper, which lets it pass).
  let inner;
  const client = publicClient({
    timeoutMs: 60_000,
    fetch: async (url, init) => {
      if (!inner) await (inner = client.events());
      return fetch(url, init);
    },
  });
  let timer;
  const stuck = new Promise((resolve) => (timer = setTimeout(resolve, 20_000, { stuck: true })));
  const r = await Promise.race([settle(client.events()), stuck]);
  clearTimeout(timer);
  assert.ok(!r.stuck, "the outer call was still waiting after 20 s (its timeout is 60 s)");
  assert.equal(r.error, undefined, r.error?.message);
  assert.equal(r.value.length, 3);
  assert.equal((await inner).length, 3);
  client.free();
});

test("an id of up to 256 JS characters is sent, however many UTF-8 bytes it takes (README, Limits)", async () => {
  const client = publicClient({ maxRetries: 0 });
  // 256 `é` are 512 UTF-8 bytes; 128 emoji are 256 UTF-16 units (what `length` counts).
  for (const id of ["é".repeat(256), "😀".repeat(128), "€".repeat(200)]) {
    const { error } = await settle(client.event({ id }));
    assert.ok(error instanceof lib.TixyError, String(error));
    // The mock knows no such event: the request went out.
    assert.equal(error.kind, "not_found", `${id.length} characters: ${error.message}`);
  }
  for (const id of ["é".repeat(257), "😀".repeat(129)]) {
    const { error } = await settle(client.event({ id }));
    assert.equal(error?.kind, "invalid_input", `${id.length} characters: ${error?.message}`);
  }
  client.free();
});

test("a string with a lone surrogate is refused before any request, not sent as U+FFFD", async () => {
  // wasm-bindgen copies a JS string into wasm as UTF-8, which has no lone surrogates: each
  // became U+FFFD, and the request went out for another id than the one passed.
  let sent = 0;
  const client = publicClient({ maxRetries: 0, fetch: (url, init) => (sent++, fetch(url, init)) });
  for (const id of ["\ud800", "evt-\udc00", "\udc00\ud800"]) {
    const { error } = await settle(client.event({ id }));
    assert.ok(error instanceof lib.TixyError, String(error));
    assert.equal(error.kind, "invalid_input", error.message);
    assert.match(error.message, /^invalid id: .*lone surrogate/, error.message);
  }
  assert.equal(sent, 0, "no request went out");
  // A surrogate pair is one character, sent as its UTF-8.
  const { error } = await settle(client.event({ id: "evt-😀" }));
  assert.equal(error?.kind, "not_found", error?.message);
  assert.equal(sent, 1);
  // baseUrl too: its path would have become /%EF%BF%BD.
  assert.throws(
    () => publicClient({ baseUrl: mock.publicUrl + "/\ud800" }),
    (e) => e instanceof lib.TixyError && e.kind === "invalid_input" && /^invalid baseUrl: .*lone surrogate/.test(e.message),
  );
  client.free();
});

test("an injected fetch's status that is no HTTP status is not read as another one", async () => {
  // The Rust side reads the status as a u16: 65,940 wrapped to 404 (not_found), 65,736 to
  // 200, -1 to 65,535; NaN compared as neither error nor redirect and passed as a success.
  const body = () => new Response("[]", { headers: { "content-type": "application/json" } });
  for (const status of [65_940, 65_736, -1, 1.5, NaN, 1e10, "404"]) {
    const client = publicClient({
      maxRetries: 0,
      fetch: async () => {
        const r = body();
        return { status, headers: r.headers, json: () => r.json(), body: r.body };
      },
    });
    const { value, error } = await settle(client.events());
    assert.equal(value, undefined, `status ${status} passed as a success`);
    assert.ok(error instanceof lib.TixyError, String(error));
    assert.equal(error.kind, "network", `status ${status}: ${error.message}`);
    assert.match(error.message, /not a Response/, error.message);
    assert.equal(error.status, undefined);
    client.free();
  }
  // A Response-like object with a real status still works, and 0 stays a status.
  for (const [status, kind] of [[200, undefined], [404, "not_found"], [0, "decode"]]) {
    const client = publicClient({ maxRetries: 0, fetch: async () => { const r = body(); return { status, headers: r.headers, json: () => r.json(), body: r.body }; } });
    const { error } = await settle(client.events());
    assert.equal(error?.kind, kind, `status ${status}: ${error?.message}`);
    client.free();
  }
});
