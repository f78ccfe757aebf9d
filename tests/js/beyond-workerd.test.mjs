// Issue 16 items 1-4 in real workerd (Miniflare): the scenarios of
// tests/js/fixtures/beyond/run.mjs (token providers, the 429 gate, shared
// in-flight calls, hooks), run inside a Worker against the mock over real
// HTTP, as tests/js/beyond.test.mjs runs them in Node.
//
//   node --test tests/js/beyond-workerd.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackage, repoRoot } from "../../harness/package.mjs";
import { bundleWorker, startWorker } from "../../harness/workerd.mjs";
import { startMock } from "./lib/mock.mjs";
import { scenarios } from "./fixtures/beyond/run.mjs";

const PUBLIC_TOKEN = "pubtok_CANARY_beyondwd_90b2d5f1";
const RUN = join(repoRoot, "tests", "js", "fixtures", "beyond", "run.mjs");
let mock, worker;

before(async () => {
  mock = await startMock({ events: 8, tours: 3, seed: 16, publicToken: PUBLIC_TOKEN });
  const dir = installPackage("beyond-workerd");
  const entry = join(dir, "beyond-worker.mjs");
  writeFileSync(
    entry,
    `import { TixyClient, TixyError } from "tixy-connect";
import { scenarios } from ${JSON.stringify(RUN)};
export default {
  async fetch(request) {
    const { op, env } = await request.json();
    try {
      return Response.json({ result: await scenarios[op]({ TixyClient, TixyError }, env) });
    } catch (e) {
      return new Response(String((e && e.stack) || e), { status: 500 });
    }
  },
};
`
  );
  const bundle = await bundleWorker({ entry, projectDir: dir, outDir: join(dir, "bundle") });
  worker = await startWorker({ modules: bundle.modules, modulesRoot: bundle.modulesRoot });
});

after(async () => {
  await worker?.dispose();
  await mock?.close();
});

for (const op of Object.keys(scenarios)) {
  test(`workerd: ${op}`, async (t) => {
    const env = { baseUrl: mock.publicUrl, controlUrl: mock.controlUrl, token: PUBLIC_TOKEN };
    const res = await worker.dispatchFetch("http://beyond.test/", { method: "POST", body: JSON.stringify({ op, env }) });
    const text = await res.text();
    assert.equal(res.status, 200, text.slice(0, 3000));
    t.diagnostic(text);
  });
}
