// Cloudflare Workers (workerd): Workers refuse to compile wasm at run time,
// so the module is imported as a precompiled WebAssembly.Module, which
// wrangler (and Miniflare's module rules) provide for `.wasm` imports.
import wasmModule from "../server/tixy_connect_bg.wasm";
import { initSync, TixyClient, TixyPrivateClient, tixyErrorClass } from "../server/tixy_connect.js";

initSync({ module: wasmModule });

export { TixyClient, TixyPrivateClient };
export const TixyError = tixyErrorClass();
