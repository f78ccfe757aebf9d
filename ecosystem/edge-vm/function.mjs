// A Vercel Edge function as a user writes it: both clients, one request each.
import { TixyClient } from "tixy-connect";
import { TixyError, TixyPrivateClient } from "tixy-connect/server";

addEventListener("fetch", (event) => {
  event.respondWith(
    (async () => {
      const url = new URL(event.request.url);
      const env = JSON.parse(url.searchParams.get("env"));
      try {
        const publicClient = new TixyClient({ publicToken: env.publicToken, baseUrl: env.publicUrl });
        const privateClient = new TixyPrivateClient({ privateToken: env.privateToken, baseUrl: env.privateUrl });
        const [events, sales] = await Promise.all([publicClient.events({ status: "published" }), privateClient.salesEvents()]);
        return Response.json({
          events: events.length,
          sales: sales.length,
          probe: {
            globalThis: Object.prototype.toString.call(globalThis),
            WorkerGlobalScope: typeof WorkerGlobalScope,
            importScripts: typeof importScripts,
            window: typeof window,
            EdgeRuntime: typeof EdgeRuntime,
          },
        });
      } catch (err) {
        return Response.json({ kind: err instanceof TixyError ? err.kind : undefined, message: String(err?.message ?? err) }, { status: 500 });
      }
    })(),
  );
});
