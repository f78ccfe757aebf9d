// What a browser bundle gets for "tixy-connect/server": no private code at
// all, only this explanation, thrown as soon as the module is evaluated.
throw new Error(
  "tixy-connect/server must not be used in a browser: TixyPrivateClient needs the TIXY private token " +
    "(sales, statistics, client e-mails), and a private token in a browser bundle is readable by anyone. " +
    "Keep it on a server or an edge function (Node, Deno, Bun, Cloudflare Workers) and call that from the page; " +
    "in the page, use TixyClient from \"tixy-connect\" with the public token."
);
