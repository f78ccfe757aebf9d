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

export function errorClass() {
  return TixyError;
}
