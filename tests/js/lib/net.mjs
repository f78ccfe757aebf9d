import { createServer } from "node:net";

/** A loopback port that was free a moment ago (bound, then released): for a
 * server to listen on, or as a port where nothing listens. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
