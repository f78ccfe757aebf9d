// TixyError lives in JS because only a JS class can extend Error (stack,
// instanceof Error, console formatting). The wasm core creates every
// instance through makeError; the package entries re-export the class.
export class TixyError extends Error {
  constructor(kind, message, status, retryAfterMs) {
    super(message);
    this.name = "TixyError";
    this.kind = kind;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }

  toJSON() {
    return { name: this.name, kind: this.kind, message: this.message, status: this.status, retryAfterMs: this.retryAfterMs };
  }
}

// The package's JS is minified (and so is a bundler's output): the class keeps
// its name for stacks, util.inspect and consoles all the same.
Object.defineProperty(TixyError, "name", { value: "TixyError" });

export function makeError(kind, message, status, retryAfterMs) {
  return new TixyError(kind, message, status, retryAfterMs);
}

/** The class, after guard() has made the given client classes safe. */
export function errorClass(...classes) {
  classes.map(guard);
  return TixyError;
}

// The methods wasm-bindgen generates throw synchronously, from inside wasm,
// when `this` is no live client (after free(): "null pointer passed to
// rust") and when a client is freed during one of its own calls (a getter of
// an argument calling free()); each such throw also leaks wasm shadow stack.
// guard() wraps a class's methods so that neither happens: a dead or foreign
// `this` is a TixyError before wasm is entered (a rejected promise; setToken, which
// returns nothing, throws it), and free() waits until the calls on the stack
// have returned. A live client's methods throw nothing themselves (the
// argument readers, src/js/options.rs).
let depth = 0;
const later = [];

function guard(cls) {
  try {
    const proto = cls.prototype;
    const free = proto.free;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = proto[name];
      if (/^(constructor|free|__)/.test(name)) continue;
      proto[name] = function (...args) {
        // Only a live instance of this very class: wasm-bindgen's glue would
        // hand another class's client (or a detached method's `this`) to
        // Rust as if it were one of these.
        if (this instanceof cls && this.__wbg_ptr) {
          depth++;
          try {
            return method.apply(this, args);
          } finally {
            if (!--depth) later.splice(0).map((c) => c.free());
          }
        }
        // Freed, or the method was taken off its client.
        const e = new TixyError("invalid_input", `${name}: not called on a live ${cls.name} (was it freed?)`);
        if (name == "setToken") throw e;
        return Promise.reject(e);
      };
    }
    proto.free = proto[Symbol.dispose ?? "free"] = function () {
      if (this?.__wbg_ptr) depth ? later.push(this) : free.call(this);
    };
  } catch {}
}
