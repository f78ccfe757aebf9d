// What a browser bundle gets for "tixy-connect/server": no private code at
// all, only this explanation, thrown as soon as the module is evaluated.
throw new Error(
  "tixy-connect/server must not be used in a browser: TixyPrivateClient needs the TIXY private token " +
    "(sales, statistics, client e-mails), and a private token in a browser bundle is readable by anyone. " +
    "Keep it on a server or an edge function (Node, Deno, Bun, Cloudflare Workers) and call that from the page; " +
    "in the page, use TixyClient from \"tixy-connect\" with the public token."
);

// Never reached: these names exist so that a bundler resolving
// `import { TixyPrivateClient } from "tixy-connect/server"` builds and the
// page then fails with the explanation above, instead of the bundler failing
// with a "missing export" error that says nothing about the private token.
export let TixyClient, TixyError, TixyPrivateClient;
