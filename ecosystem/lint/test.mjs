// publint and @arethetypeswrong/cli on the installed tarball's contents.
import assert from "node:assert/strict";
import { test } from "node:test";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { readFileSync } from "node:fs";
import { exec } from "../lib.mjs";

const pkgDir = "node_modules/tixy-connect";

test("publint: no error and no warning", async () => {
  const { messages } = await publint({ pkgDir, level: "warning" });
  const pkg = JSON.parse(readFileSync(`${pkgDir}/package.json`, "utf8"));
  assert.deepEqual(messages.map((m) => `${m.type}: ${formatMessage(m, pkg)}`), []);
});

test("arethetypeswrong: every entry point resolves its types in node10, node16 (ESM) and bundler; node16 from CJS is only the require(esm) notice", async () => {
  const r = await exec("node_modules/.bin/attw", ["--pack", pkgDir, "--format", "json"], { timeoutMs: 120_000 });
  const { problems } = JSON.parse(r.stdout); // { [kind]: [{ kind, entrypoint, resolutionKind }] }
  // attw predates require(esm): it flags every ES-module-only package for CommonJS
  // callers under node16. require() works on every Node `engines` admits
  // (ecosystem/node-require proves it), so that one kind is expected, nothing else.
  const found = Object.values(problems).flat().map((p) => `${p.kind} ${p.entrypoint} ${p.resolutionKind}`).sort();
  assert.deepEqual(found, ["CJSResolvesToESM . node16-cjs", "CJSResolvesToESM ./server node16-cjs"], JSON.stringify(problems, null, 1));
  const clean = await exec("node_modules/.bin/attw", ["--pack", pkgDir, "--ignore-rules", "cjs-resolves-to-esm"], { timeoutMs: 120_000 });
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
});
