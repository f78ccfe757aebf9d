// Node, Deno and Bun: the server build, compiled synchronously from the
// package's own file (no fetch of file: URLs, which Node lacks). Both
// "tixy-connect" and "tixy-connect/server" import this one module, so they
// share one wasm instance and one TixyError class.
import { readFileSync } from "node:fs";
import { initSync, TixyClient, TixyPrivateClient, tixyErrorClass } from "../server/tixy_connect.js";

initSync({ module: readFileSync(new URL("../server/tixy_connect_bg.wasm", import.meta.url)) });

export { TixyClient, TixyPrivateClient };
export const TixyError = tixyErrorClass();
