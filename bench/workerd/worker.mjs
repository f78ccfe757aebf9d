// The bench Worker: one scenario per request, for the client the request
// names. bench/run.mjs bundles it like wrangler (harness/workerd.mjs) and
// runs it in workerd through Miniflare, one instance per client (so that one
// client's leftovers, such as the baseline's pending timeout timers, do not
// slow down the other's samples); the primary timing is taken OUTSIDE, in
// Node, around dispatchFetch. The Worker also reports its own view (`insideMs`).
// On Cloudflare's edge, Date.now / performance.now stand still while JS runs
// without I/O and only advance when an I/O event (a fetch completing, a timer
// firing) is delivered, so CPU work after the last I/O (JSON.parse, the shape
// check) would be invisible; `settle()` therefore waits for one timer before
// reading the end time. (Local workerd under Miniflare was seen NOT to freeze
// the clock: GET /clock spins ~50 ms of CPU and reports what the clock did;
// run.mjs stores that in the JSON as `clock`.)
//
//   GET /list?client=tixy|baseline
//   GET /sequential?client=…&n=2000
//   GET /concurrent?client=…&n=2000&c=100
//   GET /memory?client=tixy&n=1000&c=100  (wasm linear memory after n more requests)
//   GET /page?client=…&components=20&pages=50  (dedupe: a page's components ask for the same list)
//   GET /clock                            (self-check of the frozen-clock behaviour)
// Bindings: BASE_URL, TOKEN, IDS (JSON array), LIST_LENGTH, PAGE_URL and
// PAGE_EVENTS (the page-sized mock of the dedupe scenario).
import { TixyClient } from "tixy-connect";
import { BaselineClient } from "../baseline-client.js";
import { concurrent, list, page, sequential } from "../lib/scenarios.mjs";
// Same file the package entry imports (the loader, the glue bundled in), so the
// same module instance in the bundle: its initSync() returns the
// already-initialised wasm exports. This is a bench-only hook; the package's
// entries expose no way to read wasm memory.
import { initSync as tixyGlue } from "../../node_modules/tixy-connect/entry/load-workerd.js";

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const json = (value, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });

function makeClient(which, env, baseUrl = env.BASE_URL) {
  if (which === "tixy") return new TixyClient({ publicToken: env.TOKEN, baseUrl });
  if (which === "baseline") return new BaselineClient({ publicToken: env.TOKEN, baseUrl });
  throw new Error(`unknown client ${which}`);
}

let idsCache;
const idsOf = (env) => (idsCache ??= JSON.parse(env.IDS));

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const q = (k, d) => Number(url.searchParams.get(k) ?? d);
    try {
      if (url.pathname === "/clock") {
        // Burn ~50 ms of CPU, and see which clock reads notice it.
        const a = Date.now();
        let x = 0;
        for (let i = 0; i < 3e7; i++) x += i % 7;
        const b = Date.now();
        await settle();
        const c = Date.now();
        return json({ beforeSpin: a, afterSpin: b, afterTimer: c, spinStillFrozen: b === a, advancedAfterTimer: c - b, x });
      }
      const which = url.searchParams.get("client");
      const client = makeClient(which, env, url.pathname === "/page" ? env.PAGE_URL : env.BASE_URL);
      const ids = idsOf(env);
      const t0 = Date.now();
      let result;
      switch (url.pathname) {
        case "/list":
          result = { n: await list(client, Number(env.LIST_LENGTH)) };
          break;
        case "/sequential":
          result = { n: await sequential(client, ids, q("n", 2000), () => 0) };
          break;
        case "/concurrent":
          result = { n: await concurrent(client, ids, q("n", 2000), q("c", 100)) };
          break;
        case "/page":
          result = { n: await page(client, q("components", 20), q("pages", 50), Number(env.PAGE_EVENTS)) };
          break;
        case "/memory": {
          if (which !== "tixy") throw new Error("wasm memory exists only for tixy");
          const n = q("n", 1000);
          if (n > 0) await concurrent(client, ids, n, q("c", 100));
          result = { n, wasmMemoryBytes: tixyGlue().memory.buffer.byteLength };
          break;
        }
        default:
          return json({ error: "not found" }, 404);
      }
      await settle();
      return json({ ...result, insideMs: Date.now() - t0 });
    } catch (err) {
      return json({ error: String(err?.stack ?? err) }, 500);
    }
  },
};
