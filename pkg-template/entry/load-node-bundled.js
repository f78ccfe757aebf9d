// Node, Deno and Bun inside a bundle (the `module` condition, which bundlers
// set and Node never does): Next.js server chunks, esbuild --platform=node
// bundles. A bundler moves this code away from the package's files and may
// rewrite `new URL(…, import.meta.url)`, so the server build's wasm is
// embedded here (base64, written in by scripts/build.sh) rather than read
// from a file next to the module. Unbundled Node keeps entry/load-node.js,
// which reads the file: the same start-up time, 8 KB less to download.
import { initSync, TixyClient, TixyPrivateClient, tixyErrorClass } from "../server/tixy_connect.js";
import wasmBase64 from "./server-wasm-base64.js";

const buffer = globalThis.process?.getBuiltinModule?.("buffer");
if (!buffer) {
  throw new Error("tixy-connect needs process.getBuiltinModule (Node 20.19 or later, Deno 2, a current Bun)");
}
initSync({ module: buffer.Buffer.from(wasmBase64, "base64") });

// The classes keep their names through minification (the package's and bundlers').
for (const [cls, name] of [[TixyClient, "TixyClient"], [TixyPrivateClient, "TixyPrivateClient"]]) {
  Object.defineProperty(cls, "name", { value: name });
}

export { TixyClient, TixyPrivateClient };
export const TixyError = tixyErrorClass(TixyClient, TixyPrivateClient);
