// Whether this realm's global object is a browser's (a Window, or a dedicated,
// shared or service WorkerGlobalScope), for the private client's refusal.
// See src/runtime.rs for why this test and no other.
const { getPrototypeOf, create, isExtensible } = Object;
const { setPrototypeOf } = Reflect;
const fnText = Function.prototype.toString;

let browser;

/** True in a browser page or worker; decided once, on the first call. */
export function browserGlobal() {
  // `self` and `window` as well, in case a script rebound `globalThis`: a
  // fake is an ordinary object and can only fail the test.
  browser ??= !intrinsicsNative() || [globalThis, typeof self == "object" && self, typeof window == "object" && window].some(isBrowserGlobal);
  return browser;
}

// The test below trusts these functions: a script that replaced one (to make
// a browser's global look ordinary) is caught by their text, and the answer
// is then "a browser". No server runtime replaces them.
function intrinsicsNative() {
  try {
    return [getPrototypeOf, create, isExtensible, setPrototypeOf].every((f) =>
      /^function \w*\(\) \{\s*\[native code\]\s*\}$/.test(fnText.call(f)),
    );
  } catch {
    return false;
  }
}

function isBrowserGlobal(g) {
  try {
    if (!g) return false;
    // A global made non-extensible refuses any new prototype, so the test
    // cannot tell; no server runtime has one, and a page's worker can make
    // its own so: it counts as a browser's.
    if (!isExtensible(g)) return true;
    // Browser globals refuse a new prototype (WebIDL's immutable prototype);
    // every other global takes one, and gets its own back at once.
    const proto = getPrototypeOf(g);
    if (!setPrototypeOf(g, create(proto))) return true;
    setPrototypeOf(g, proto);
    return false;
  } catch {}
  return false;
}
