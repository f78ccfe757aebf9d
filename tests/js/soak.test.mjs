// The short soak for CI: tests/soak/soak.mjs as a user would run it (a child process, the
// installed tarball, the mock in that process), 1000 requests at concurrency 50 in Node and in
// workerd. Zero failures, every request seen once by the mock, wasm memory flat over the
// second half. The full run is `node tests/soak/soak.mjs --runtime node|workerd` (10,000 x 100).
//
//   node --test tests/js/soak.test.mjs        (from the repo root; needs pkg/*.tgz)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "../../harness/package.mjs";
import { isFlatSecondHalf } from "../soak/soak.mjs";

const SOAK = join(repoRoot, "tests", "soak", "soak.mjs");
const REQUESTS = 1000;
const CONCURRENCY = 50;
const SAMPLES = 10;
const PAGE = 64 * 1024;

function runSoak(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [SOAK, ...args], { cwd: repoRoot, timeout: 180_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? "killed") : 0, stdout, stderr });
    });
  });
}

test("isFlatSecondHalf: at most one wasm page of growth over the second half", () => {
  const MiB = 1 << 20;
  assert.equal(isFlatSecondHalf([MiB, 2 * MiB, 3 * MiB, 3 * MiB, 3 * MiB, 3 * MiB]), true, "growth in the first half only is flat");
  assert.equal(isFlatSecondHalf([MiB, MiB, MiB, MiB + PAGE]), true, "one page is tolerated");
  assert.equal(isFlatSecondHalf([MiB, MiB, MiB, MiB + 2 * PAGE]), false, "two pages are growth");
  assert.equal(isFlatSecondHalf([MiB, MiB, MiB + PAGE, MiB + 2 * PAGE, MiB + 3 * PAGE]), false);
  assert.equal(isFlatSecondHalf([MiB]), false, "one sample proves nothing");
  assert.equal(isFlatSecondHalf([MiB, NaN, MiB]), false);
});

test("soak.mjs refuses bad arguments with exit code 2", async () => {
  const r = await runSoak(["--runtime", "deno"]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--runtime must be node or workerd/);
});

for (const runtime of ["node", "workerd"]) {
  test(`short soak in ${runtime}: ${REQUESTS} requests at concurrency ${CONCURRENCY}`, { timeout: 200_000 }, async (t) => {
    const r = await runSoak(["--runtime", runtime, "--requests", String(REQUESTS), "--concurrency", String(CONCURRENCY), "--samples", String(SAMPLES)]);
    const line = r.stdout.trim().split("\n").pop();
    let report;
    try {
      report = JSON.parse(line);
    } catch {
      assert.fail(`no JSON report (exit ${r.code})\n--- stderr ---\n${r.stderr.slice(-4000)}\n--- stdout ---\n${r.stdout.slice(-2000)}`);
    }
    t.diagnostic(`${report.requests} requests in ${report.durationMs} ms (${report.rps} rps), failures ${report.failures}, wasm memory ${report.wasmMemoryBytes[0]} -> ${report.wasmMemoryBytes.at(-1)} bytes`);
    const what = JSON.stringify(report);
    assert.equal(report.runtime, runtime);
    assert.equal(report.failures, 0, `failed requests: ${report.failureSamples.join("; ")}`);
    assert.equal(report.requests, REQUESTS, what);
    assert.equal(report.mockRequests, REQUESTS, `the mock saw ${report.mockRequests} requests (hidden retries or lost calls?)`);
    // Real wasm linear memory: whole 64 KiB pages, one sample per batch.
    assert.equal(report.wasmMemoryBytes.length, SAMPLES, what);
    for (const b of report.wasmMemoryBytes) assert.ok(Number.isInteger(b) && b > 0 && b % PAGE === 0, `not a wasm memory size: ${b}`);
    assert.equal(report.memoryFlatSecondHalf, isFlatSecondHalf(report.wasmMemoryBytes), what);
    assert.equal(report.memoryFlatSecondHalf, true, `wasm memory grew over the second half: ${report.wasmMemoryBytes.join(", ")}`);
    assert.ok(report.durationMs > 0 && report.rps > 0, what);
    assert.equal(report.ok, true, what);
    assert.equal(r.code, 0, `exit code ${r.code}\n${r.stderr.slice(-2000)}`);
  });
}
