// Cloudflare Workers (workerd): Workers refuse to compile wasm at run time,
// so the module is imported as a precompiled WebAssembly.Module, which
// wrangler (and Miniflare's module rules) provide for `.wasm` imports.
import wasmModule from "../server/tixy_connect_bg.wasm";
import { initSync, TixyClient, TixyPrivateClient, tixyErrorClass } from "../server/tixy_connect.js";

initSync({ module: wasmModule });

// The classes keep their names through minification (the package's and bundlers').
for (const [cls, name] of [[TixyClient, "TixyClient"], [TixyPrivateClient, "TixyPrivateClient"]]) {
  Object.defineProperty(cls, "name", { value: name });
}

export { TixyClient, TixyPrivateClient };
// The classes passed in get methods that never throw (src/boundary/tixy_error.js).
export const TixyError = tixyErrorClass(TixyClient, TixyPrivateClient);
// Not part of the package's API (the entries do not re-export it): called
// again it returns the wasm instance's exports, which the soak test, the
// hostile suite and the workerd benchmark read the wasm memory from.
export { initSync };
