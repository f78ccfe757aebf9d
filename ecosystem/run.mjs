#!/usr/bin/env node
// Runs the ecosystem projects (issue 11): one small project per tool, each with
// its own package.json and lock file, like openai-node's ecosystem-tests/.
//
//   node ecosystem/run.mjs [project ...]      (default: every project)
//
// For each project: `npm ci` from its own lock (skipped when node_modules
// already matches the lock), then the packed tarball pkg/tixy-connect-*.tgz
// installed with --no-save (its integrity changes with every build, so it
// stays out of the lock), then its test.mjs under `node --test`, TAP output.
// Each test starts the mock TIXY server itself (mock-tixy/).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..");
const all = readdirSync(here).filter((d) => existsSync(join(here, d, "test.mjs"))).sort();
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;
for (const p of chosen) if (!all.includes(p)) throw new Error(`no ecosystem project ${p} (have: ${all.join(", ")})`);

const pkgDir = join(repoRoot, "pkg");
const tgz = existsSync(pkgDir) && readdirSync(pkgDir).find((f) => /^tixy-connect-.*\.tgz$/.test(f));
if (!tgz) throw new Error("pkg/tixy-connect-*.tgz is missing: run scripts/build.sh first");

const run = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd} (${r.status ?? r.signal})`);
};
let failed = 0;
for (const p of chosen) {
  const dir = join(here, p);
  const start = Date.now();
  const installed = join(dir, "node_modules", ".package-lock.json");
  if (!existsSync(installed) || statSync(join(dir, "package-lock.json")).mtimeMs > statSync(installed).mtimeMs) {
    run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], dir);
  }
  run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", join(pkgDir, tgz)], dir);
  const r = spawnSync(process.execPath, ["--test", "--test-reporter=tap", "--test-concurrency=1", "test.mjs"], { cwd: dir, stdio: "inherit" });
  if (r.status !== 0) failed++;
  process.stderr.write(`ecosystem ${p}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - start) / 1000).toFixed(0)} s\n`);
}
process.exit(failed ? 1 : 0);
