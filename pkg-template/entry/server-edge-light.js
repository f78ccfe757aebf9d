export { TixyClient, TixyError, TixyPrivateClient } from "./load-edge-light.js";
