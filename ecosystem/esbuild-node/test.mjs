// esbuild --bundle --platform=node --format=esm: the bundle, moved to a folder
// of its own with nothing beside it, runs with no copy step (the Node entry
// reached through the `module` condition embeds its wasm).
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { exec, NODE22, NODE24, startMock } from "../lib.mjs";

let mock;
let out;
before(async () => {
  mock = await startMock({ events: 6, tours: 2, seed: 5 });
  out = mkdtempSync(join(tmpdir(), "tixy-esbuild-"));
});
after(async () => {
  await mock?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

const env = () => ({
  TIXY_PUBLIC_TOKEN: mock.tokens.public,
  TIXY_PUBLIC_URL: mock.publicUrl,
  TIXY_PRIVATE_TOKEN: mock.tokens.private,
  TIXY_PRIVATE_URL: mock.privateUrl,
});

test("esbuild bundles a Node server into another folder and the bundle runs there alone (Node 20, 22, 24)", async () => {
  const r = await exec("node_modules/.bin/esbuild", ["server.mjs", "--bundle", "--platform=node", "--format=esm", `--outfile=${join(out, "server.mjs")}`, "--log-level=warning"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(out), ["server.mjs"], "one file, no wasm or package beside it");
  for (const node of [process.execPath, NODE22, NODE24]) {
    const run = await exec(node, [join(out, "server.mjs")], { cwd: out, env: env() });
    assert.equal(run.code, 0, `${node}: ${run.stderr}`);
    const result = JSON.parse(run.stdout);
    assert.ok(result.events > 0 && result.sales > 0, run.stdout);
    assert.match(result.firstEvent, /^[0-9a-f]{24}$/);
  }
});

test("control: the unbundled server, from the project, reads the wasm file (the `node` entry)", async () => {
  const run = await exec(process.execPath, ["server.mjs"], { env: env() });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(JSON.parse(run.stdout).events > 0);
});
