// What a browser bundle gets for "tixy-connect/server": bundlers (webpack,
// Vite, Rollup, esbuild, Next.js) resolve the `browser` and `module`
// conditions together, and land here. This import cannot resolve, so the
// build stops, and every bundler prints the specifier in its "can't resolve"
// error: the path is the explanation. Runtimes that honour `browser` without
// bundling get entry/server-refused.js instead, which throws at import.
import "./tixy-connect/server is for server and edge code only/TixyPrivateClient needs the private token, which anyone can read in a browser bundle/in browser code use TixyClient from tixy-connect with the public token";

export let TixyClient, TixyError, TixyPrivateClient;
