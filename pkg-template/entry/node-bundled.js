export { TixyClient, TixyError } from "./load-node-bundled.js";
