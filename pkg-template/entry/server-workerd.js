export { TixyClient, TixyError, TixyPrivateClient } from "./load-workerd.js";
