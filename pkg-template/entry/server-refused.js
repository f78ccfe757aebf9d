// What "tixy-connect/server" gives code loaded with the `browser` condition
// without a bundler (bundlers get entry/server-browser-bundle.js, which stops
// the build), and any unknown runtime (`default`): no private code at all,
// only this explanation, thrown as soon as the module is evaluated.
throw new Error(
  "tixy-connect/server must not be used in a browser: TixyPrivateClient needs the TIXY private token " +
    "(sales, statistics, client e-mails), and a private token in browser code is readable by anyone. " +
    "In browser code, use TixyClient from \"tixy-connect\" with the public token. " +
    "If this is server or edge code, it was loaded with the \"browser\" export condition: " +
    "resolve \"node\", \"deno\", \"bun\", \"workerd\" or \"edge-light\" instead."
);

// Never reached: these names exist so that a bundler resolving
// `import { TixyPrivateClient } from "tixy-connect/server"` builds and the
// page then fails with the explanation above, instead of the bundler failing
// with a "missing export" error that says nothing about the private token.
export let TixyClient, TixyError, TixyPrivateClient;
