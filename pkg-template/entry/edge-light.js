export { TixyClient, TixyError } from "./load-edge-light.js";
