// One cold-start sample in workerd: bench/run.mjs starts a FRESH Miniflare
// (a new workerd process) for every sample with this Worker, bundled with
// exactly one client (`./cold-client.js`, written by run.mjs: a re-export of
// either TixyClient from "tixy-connect" or the baseline), and sends it one
// request, which makes one `event({ id })` call upstream.
import { Client } from "./cold-client.js";

export default {
  async fetch(request, env) {
    const t0 = Date.now(); // clock as of this request's arrival (an I/O event)
    const client = new Client({ publicToken: env.TOKEN, baseUrl: env.BASE_URL });
    const ev = await client.event({ id: env.ID });
    const t1 = Date.now(); // clock as of the upstream body's arrival
    if (ev?.id !== env.ID) return new Response(`wrong event ${ev?.id}`, { status: 500 });
    return new Response(JSON.stringify({ insideMs: t1 - t0 }), { headers: { "content-type": "application/json" } });
  },
};
