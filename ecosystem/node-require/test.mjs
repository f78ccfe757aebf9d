// require("tixy-connect") works on every Node that `engines` admits: the
// package is ES modules without top-level await on Node, which require() loads
// without a flag from Node 20.19 and 22.12. Node 20, 22 and 24 run it here.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import semver from "semver";
import { exec, NODE22, NODE24, startMock } from "../lib.mjs";

let mock;
before(async () => {
  mock = await startMock({ events: 6, tours: 2, seed: 55 });
});
after(() => mock?.close());

const engines = JSON.parse(readFileSync("node_modules/tixy-connect/package.json", "utf8")).engines.node;

test("engines admits no Node whose require() cannot load ES modules without a flag", () => {
  for (const v of ["20.16.0", "20.18.3", "21.7.3", "22.0.0", "22.11.0"]) assert.ok(!semver.satisfies(v, engines), `${engines} admits ${v}`);
  for (const v of ["20.19.0", "22.12.0", "24.0.0"]) assert.ok(semver.satisfies(v, engines), `${engines} refuses ${v}`);
});

for (const [name, node] of [["Node 20", process.execPath], ["Node 22", NODE22], ["Node 24", NODE24]]) {
  test(`${name}: require() of tixy-connect and tixy-connect/server, then both clients call the mock`, async () => {
    const r = await exec(node, ["client.cjs"], {
      env: { TIXY_PUBLIC_TOKEN: mock.tokens.public, TIXY_PUBLIC_URL: mock.publicUrl, TIXY_PRIVATE_TOKEN: mock.tokens.private, TIXY_PRIVATE_URL: mock.privateUrl },
    });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.ok(semver.satisfies(out.node, engines), `${out.node} is within engines ${engines}`);
    assert.ok(out.events > 0 && out.sales > 0, r.stdout);
    assert.equal(out.typed, "function");
    assert.doesNotMatch(r.stderr, /ExperimentalWarning/, "no experimental warning either");
    console.log(`# ${out.node}: ok`);
  });
}

test("without a bundler, the browser condition still refuses tixy-connect/server at import, and says why", async () => {
  const r = await exec(process.execPath, ["--conditions=browser", "--input-type=module", "-e", 'await import("tixy-connect/server");']);
  assert.notEqual(r.code, 0, "the import must throw");
  assert.match(r.stderr, /tixy-connect\/server must not be used in a browser/);
  assert.match(r.stderr, /private token/);
  assert.doesNotMatch(r.stderr, /edge function/, "never sends anyone to an edge function");
  // Control: without the condition the same import loads the private client.
  const ok = await exec(process.execPath, ["--input-type=module", "-e", 'const m = await import("tixy-connect/server"); console.log(typeof m.TixyPrivateClient);']);
  assert.equal(ok.stdout.trim(), "function", ok.stderr);
});
