// Types of "tixy-connect/server" where TypeScript resolves the `browser`
// condition (customConditions: ["browser"]): browser code. TixyPrivateClient is
// declared so that the error lands where it is used, and says why.

export * from "./index.js";

/** The explanation TypeScript prints when browser code constructs TixyPrivateClient. */
export type TixyPrivateClientInBrowserCode =
  "tixy-connect/server is for server and edge code only: TixyPrivateClient needs the private token, which anyone can read in a browser bundle. In browser code use TixyClient from tixy-connect with the public token.";

/** Not available in browser code: see TixyPrivateClientInBrowserCode. */
export declare const TixyPrivateClient: {
  new (notInBrowserCode: TixyPrivateClientInBrowserCode): never;
};
