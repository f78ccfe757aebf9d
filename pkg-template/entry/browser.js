// Browser entry (pages, web workers, Vite/webpack, plain ESM). Public API
// only: this build of the wasm core contains no private endpoint or host.
// Top-level await instantiates the wasm once, so users never call init().
// scripts/build.sh bundles the glue and its snippets into this file (one
// module, one gzip stream), so the wasm is compiled here and handed to the
// glue's initSync: its async init, with a second `new URL(…wasm…)` that
// bundlers would try to resolve next to this file, is tree-shaken away.
import { initSync, TixyClient } from "../browser/tixy_connect.js";
// The snippet the glue imports (build.sh links its hashed directory here for
// the bundling): the same module, so one TixyError class.
import { errorClass } from "../browser/snippets/tixy-connect/src/boundary/tixy_error.js";

// The literal `new URL("…wasm", import.meta.url)` is what bundlers follow.
const response = await fetch(new URL("../browser/tixy_connect_bg.wasm", import.meta.url));
if (!response.ok) throw new Error(`tixy-connect: HTTP ${response.status} fetching ${response.url}`);
let module;
try {
  module = await WebAssembly.compileStreaming(response);
} catch (e) {
  // A server that does not send `application/wasm` (the body is left unread),
  // or no compileStreaming: compile from the bytes, as the glue's init did.
  if (response.bodyUsed) throw e;
  module = await WebAssembly.compile(await response.arrayBuffer());
}
initSync({ module });

// The class keeps its name through minification (the package's and bundlers').
Object.defineProperty(TixyClient, "name", { value: "TixyClient" });

export { TixyClient };
// The class passed in gets methods that never throw (src/boundary/tixy_error.js).
export const TixyError = errorClass(TixyClient);
