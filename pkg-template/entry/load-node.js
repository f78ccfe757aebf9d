// Node, Deno and Bun: the server build, compiled synchronously from the
// package's own file (no fetch of file: URLs, which Node lacks). Both
// "tixy-connect" and "tixy-connect/server" import this one module, so they
// share one wasm instance and one TixyError class. scripts/build.sh bundles
// the glue and its snippets into this file: one module to load instead of
// four (about 1.5 ms of Node's start-up).
//
// `fs` through process.getBuiltinModule (Node >= 20.16, Deno 2, Bun), not
// `import "node:fs"`: building the ES module face of `fs` costs Node 20 about
// 2 ms at start-up. No top-level await either, so that require() of this
// package keeps working (Node 22+).
import { initSync, TixyClient, TixyPrivateClient, tixyErrorClass } from "../server/tixy_connect.js";

const fs = globalThis.process?.getBuiltinModule?.("fs");
if (!fs) {
  throw new Error("tixy-connect needs process.getBuiltinModule (Node 20.19 or later, Deno 2, a current Bun)");
}
initSync({ module: fs.readFileSync(new URL("../server/tixy_connect_bg.wasm", import.meta.url)) });

// The classes keep their names through minification (the package's and bundlers').
for (const [cls, name] of [[TixyClient, "TixyClient"], [TixyPrivateClient, "TixyPrivateClient"]]) {
  Object.defineProperty(cls, "name", { value: name });
}

export { TixyClient, TixyPrivateClient };
// The classes passed in get methods that never throw (src/boundary/tixy_error.js).
export const TixyError = tixyErrorClass(TixyClient, TixyPrivateClient);
// Not part of the package's API (the entries do not re-export it): called
// again it returns the wasm instance's exports, which the soak test and the
// benchmarks read the wasm memory from.
export { initSync };
