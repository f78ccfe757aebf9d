export { TixyClient, TixyError, TixyPrivateClient } from "./load-node-bundled.js";
