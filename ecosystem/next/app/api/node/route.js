// A Node-runtime route handler (Next's default runtime) with the private client.
import { TixyPrivateClient } from "tixy-connect/server";

export const dynamic = "force-dynamic";

export async function GET() {
  const tixy = new TixyPrivateClient({
    privateToken: process.env.TIXY_PRIVATE_TOKEN ?? "",
    baseUrl: process.env.TIXY_PRIVATE_URL,
  });
  const sales = await tixy.salesEvents({ status: "published" });
  return Response.json({ runtime: "nodejs", sales: sales.length, first: sales[0]?.name ?? null });
}
