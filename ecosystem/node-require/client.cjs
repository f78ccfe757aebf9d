// CommonJS, as an existing Node project writes it: require() of the package.
const { TixyClient, TixyError } = require("tixy-connect");
const { TixyPrivateClient } = require("tixy-connect/server");

const publicClient = new TixyClient({ publicToken: process.env.TIXY_PUBLIC_TOKEN, baseUrl: process.env.TIXY_PUBLIC_URL });
const privateClient = new TixyPrivateClient({ privateToken: process.env.TIXY_PRIVATE_TOKEN, baseUrl: process.env.TIXY_PRIVATE_URL });
Promise.all([publicClient.events({ status: "published" }), privateClient.salesEvents()]).then(
  ([events, sales]) => console.log(JSON.stringify({ node: process.version, events: events.length, sales: sales.length, typed: typeof TixyError })),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
