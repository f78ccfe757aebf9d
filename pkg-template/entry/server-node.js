export { TixyClient, TixyError, TixyPrivateClient } from "./load-node.js";
