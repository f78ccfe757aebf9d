export { TixyClient, TixyError } from "./load-node.js";
