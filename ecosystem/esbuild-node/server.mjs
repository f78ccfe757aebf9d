// A Node server as a user writes it: both clients, one request each. The test
// bundles this file with esbuild into another folder and runs the bundle there.
import { TixyClient } from "tixy-connect";
import { TixyPrivateClient } from "tixy-connect/server";

const publicClient = new TixyClient({ publicToken: process.env.TIXY_PUBLIC_TOKEN ?? "", baseUrl: process.env.TIXY_PUBLIC_URL });
const privateClient = new TixyPrivateClient({ privateToken: process.env.TIXY_PRIVATE_TOKEN ?? "", baseUrl: process.env.TIXY_PRIVATE_URL });
const [events, sales] = await Promise.all([publicClient.events({ status: "published" }), privateClient.salesEvents()]);
console.log(JSON.stringify({ events: events.length, sales: sales.length, firstEvent: events[0]?.id }));
