// Whether this realm's global object is a browser's (a Window, or a dedicated,
// shared or service WorkerGlobalScope), for the private client's refusal.
// See src/runtime.rs for why this test and no other.
const { getPrototypeOf, create, isExtensible } = Object;
const { setPrototypeOf } = Reflect;
const tag = Object.prototype.toString;

let browser;

/** True in a browser page or worker; decided once, on the first call. */
export function browserGlobal() {
  // `self` and `window` as well, in case a script rebound `globalThis`: a
  // fake is an ordinary object and can only fail the test.
  browser ??= [globalThis, typeof self == "object" && self, typeof window == "object" && window].some(isBrowserGlobal);
  return browser;
}

function isBrowserGlobal(g) {
  try {
    if (!g) return false;
    const proto = getPrototypeOf(g);
    if (isExtensible(g)) {
      // Browser globals refuse a new prototype; every other global takes
      // one, and gets its own back at once.
      if (!setPrototypeOf(g, create(proto))) return true;
      setPrototypeOf(g, proto);
      return false;
    }
    // A global made non-extensible refuses any prototype: its class decides.
    for (let p = proto; p; p = getPrototypeOf(p)) {
      if (/^\[object (Window|\w*WorkerGlobalScope)\]$/.test(tag.call(p))) return true;
    }
  } catch {}
  return false;
}
