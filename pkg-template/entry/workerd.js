export { TixyClient, TixyError } from "./load-workerd.js";
