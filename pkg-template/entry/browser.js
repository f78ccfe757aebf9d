// Browser entry (pages, web workers, Vite/webpack, plain ESM). Public API
// only: this build of the wasm core contains no private endpoint or host.
// Top-level await instantiates the wasm once, so users never call init().
import init, { TixyClient, tixyErrorClass } from "../browser/tixy_connect.js";

await init({ module_or_path: new URL("../browser/tixy_connect_bg.wasm", import.meta.url) });

// The class keeps its name through minification (the package's and bundlers').
Object.defineProperty(TixyClient, "name", { value: "TixyClient" });

export { TixyClient };
// The class passed in gets methods that never throw (src/boundary/tixy_error.js).
export const TixyError = tixyErrorClass(TixyClient);
