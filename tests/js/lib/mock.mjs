// The project's mock TIXY server, started in-process for a test file.
import assert from "node:assert/strict";
export { startMock } from "../../../mock-tixy/server.mjs";

/**
 * The control API (mock-tixy/README) of the mock `current()` returns (a test
 * file starts it in `before`): `control(method, path, body)`
 * answers its JSON and fails the test on an error status; `reset` clears the
 * request log and the faults, `requests` lists the public server's logged
 * requests (CORS preflights left out), `faults` installs fault specs.
 */
export function mockControl(current) {
  async function control(method, path, body) {
    const res = await fetch(current().controlUrl + path, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    assert.ok(res.ok, `mock ${method} ${path}: ${res.status}`);
    return res.json();
  }
  return {
    control,
    reset: () => Promise.all([control("DELETE", "/log"), control("DELETE", "/faults")]),
    requests: async () => (await control("GET", "/log?server=public")).filter((e) => !e.preflight),
    faults: (specs) => control("POST", "/faults", specs),
  };
}
