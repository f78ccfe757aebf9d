// One cold-start sample in a fresh Node process (spawned by bench/run.mjs):
// import the client, construct it, make one `event({ id })` call.
//
//   BENCH_COLD='{"client":"tixy"|"baseline","baseUrl":…,"token":…,"id":…}' node cold.mjs
//
// Prints one JSON line: times in ms on performance.now()'s clock, whose
// origin is the start of this process.
import { performance } from "node:perf_hooks";

const cfg = JSON.parse(process.env.BENCH_COLD);
const t0 = performance.now(); // process start -> this line (Node bootstrap + parsing this file)
// Dynamic import so that the import itself is inside the measured window.
const Client =
  cfg.client === "tixy"
    ? (await import("tixy-connect")).TixyClient
    : (await import("../baseline-client.js")).BaselineClient;
const t1 = performance.now();
const client = new Client({ publicToken: cfg.token, baseUrl: cfg.baseUrl });
const ev = await client.event({ id: cfg.id });
const t2 = performance.now();
if (ev?.id !== cfg.id) throw new Error(`wrong event: ${ev?.id}`);
process.stdout.write(
  `${JSON.stringify({ bootMs: t0, importMs: t1 - t0, firstCallMs: t2 - t1, importToFirstMs: t2 - t0, processToFirstMs: t2 })}\n`
);
