// Vercel Edge and Next.js edge routes (the `edge-light` condition): like
// workerd, the Edge runtime refuses to compile wasm from bytes at run time, so
// the module comes precompiled through an import with Vercel's `?module`
// suffix, which Next.js (webpack and Turbopack) and Vercel's bundler turn into
// a WebAssembly.Module. The glue then only instantiates it.
import wasmModule from "../server/tixy_connect_bg.wasm?module";
import { initSync, TixyClient, TixyPrivateClient, tixyErrorClass } from "../server/tixy_connect.js";

// Next.js's edge sandbox and edge-runtime compile `?module` imports in the host
// realm: the glue's `instanceof WebAssembly.Module` would take such a module
// for bytes and compile them, which the Edge runtime refuses. The instance is
// built from the module's internal slot; the prototype only satisfies the check.
if (!(wasmModule instanceof WebAssembly.Module)) Object.setPrototypeOf(wasmModule, WebAssembly.Module.prototype);
initSync({ module: wasmModule });

// The classes keep their names through minification (the package's and bundlers').
for (const [cls, name] of [[TixyClient, "TixyClient"], [TixyPrivateClient, "TixyPrivateClient"]]) {
  Object.defineProperty(cls, "name", { value: name });
}

export { TixyClient, TixyPrivateClient };
export const TixyError = tixyErrorClass(TixyClient, TixyPrivateClient);
