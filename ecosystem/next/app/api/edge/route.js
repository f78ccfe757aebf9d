// An edge-runtime route handler with both clients (the package's edge-light entries).
import { TixyClient } from "tixy-connect";
import { TixyPrivateClient, TixyError } from "tixy-connect/server";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export async function GET() {
  const publicClient = new TixyClient({
    publicToken: process.env.TIXY_PUBLIC_TOKEN ?? "",
    baseUrl: process.env.TIXY_PUBLIC_URL,
  });
  const privateClient = new TixyPrivateClient({
    privateToken: process.env.TIXY_PRIVATE_TOKEN ?? "",
    baseUrl: process.env.TIXY_PRIVATE_URL,
  });
  try {
    const [events, sales] = await Promise.all([publicClient.events({ status: "published" }), privateClient.salesEvents()]);
    return Response.json({
      runtime: "edge",
      events: events.length,
      sales: sales.length,
      // What the runtime looks like from inside (for the private client's browser check).
      probe: {
        globalThis: Object.prototype.toString.call(globalThis),
        WorkerGlobalScope: typeof WorkerGlobalScope,
        importScripts: typeof importScripts,
        window: typeof window,
        EdgeRuntime: typeof EdgeRuntime,
      },
    });
  } catch (err) {
    const body = err instanceof TixyError ? { kind: err.kind, message: err.message } : { message: String(err) };
    return Response.json(body, { status: 500 });
  }
}
