// Issue 16 items 1-4 in Node, over real HTTP to the mock: token providers
// (lazy, shared, refreshed once after a 401, failures typed and silent), the
// 429 gate of a client (100 concurrent calls, none inside the window), shared
// in-flight calls (one request, own objects, own aborts), and the hooks. The
// scenarios are tests/js/fixtures/beyond/run.mjs, which
// tests/js/beyond-workerd.test.mjs runs in workerd.
//
//   node --test tests/js/beyond.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import { importAsUser } from "../../harness/package.mjs";
import { startMock } from "./lib/mock.mjs";
import { scenarios } from "./fixtures/beyond/run.mjs";

const PUBLIC_TOKEN = "pubtok_CANARY_beyond_4e7a1c93";
let mock;
let lib;

before(async () => {
  ({ lib } = await importAsUser("beyond", 'export * from "tixy-connect";\n'));
  mock = await startMock({ events: 8, tours: 3, seed: 16, publicToken: PUBLIC_TOKEN });
});

after(async () => {
  await mock?.close();
});

const env = () => ({ baseUrl: mock.publicUrl, controlUrl: mock.controlUrl, token: PUBLIC_TOKEN });

const names = {
  providerRefresh: "a token provider is called at the first call, once for concurrent calls, and once more after a 401",
  providerSecond401: "a second 401 after the provider's new token is final",
  providerFails: "a provider that throws, rejects or returns a non-token gives invalid_token before any request, showing nothing of it",
  gate: "100 concurrent calls meet a 429 window: none reaches the mock inside it; shorter timeouts fail, aborts abort",
  dedupe: "concurrent identical calls share one request; each caller gets its own object, abort and timeout",
  hooks: "onRequest, onResponse and onRetry carry the contract's fields, never a token, and a throwing hook breaks nothing",
};

for (const [name, title] of Object.entries(names)) {
  test(title, async (t) => {
    const result = await scenarios[name](lib, env());
    t.diagnostic(JSON.stringify(result));
  });
}
