// The per-attempt I/O mechanics, kept in JS because here they are a few lines,
// while in wasm every timer, listener and header read costs closure glue and
// an import shim. Policy stays in Rust: what to retry, which kind an outcome
// is, what the message says. These functions never throw or reject; every
// result is a plain outcome object for the Rust side to classify. Also here:
// the few JS helpers the Rust side calls for what JS does in one step
// (argKind, parseUrl, parseDate).

const describe = (e) => {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? ` (${e.cause.message})` : "";
  return `${e.name}: ${e.message}${cause}`;
};

// Every text that comes from outside (server error bodies, fetch errors,
// headers) passes through here before Rust sees it: whatever echoes the
// token, the token is gone. The token is the request's own header value.
const redact = (headers, text) => {
  if (text == null) return text;
  const token = (headers.get("authorization") ?? "").slice("Bearer ".length);
  return token === "" ? text : String(text).split(token).join("<redacted>");
};

// Outcome codes, mirrored by `transport::code` in Rust.
const JSON_OK = 0, REDIRECT = 1, HTTP_ERROR = 2, NOT_JSON = 3, BAD_JSON = 4, FAILED = 5, BAD_SHAPE = 6;

// Step codes of an exchange, mirrored by `src/js/exchange.rs`; a step of 0
// or more is a wait in milliseconds.
const SEND = -1, DONE = -2, FAIL = -3;

/**
 * The JS driver of one call (an `Exchange` from the wasm facade): the Rust
 * side decides every step (retries, redirects, errors), this loop does the
 * awaiting, so a call needs no Rust future. Frees the exchange at the end.
 */
export async function drive(ex) {
  try {
    for (let next = ex.start(); ; ) {
      if (next === SEND) {
        // `attempt` resolves every outcome; if it ever rejected (a bug),
        // the Rust side still makes a typed error of the missing outcome.
        let outcome;
        try {
          outcome = await ex.send();
        } catch {}
        next = ex.received(outcome);
      } else if (next === DONE) return ex.value();
      else if (next === FAIL) throw ex.error();
      else next = ex.waited(await sleep(next, ex.signal()));
    }
  } finally {
    ex.free();
  }
}

/**
 * GETs `url` with the client's `headers` through `fetchFn` (or the global
 * fetch), aborting `controller` (one made here when none is given) after
 * `timeoutMs` or when the caller's `signal` fires, reads the body and checks
 * it has `shape`. `fetch(url, init)` rather than `fetch(new Request(…))`: a
 * Request built here would be copied again inside fetch (undici), a
 * measurable cost on every call.
 */
export async function attempt(fetchFn, url, headers, controller, timeoutMs, signal, shape) {
  const out = await send(fetchFn, url, headers, controller ?? new AbortController(), timeoutMs, signal);
  if (out.code === JSON_OK) {
    const problem = shapeProblem(out.body, shape);
    return problem === 0 ? out : { code: BAD_SHAPE, status: out.status, problem };
  }
  // Every text of every other outcome passes here, whichever path made it.
  // Redact first, then shorten: shortening first could cut the token in two
  // and leave a piece of it that no longer matches.
  const text = redact(headers, out.text);
  out.text = typeof text === "string" && text.length > 300 ? text.slice(0, 300) + "…" : text;
  return out;
}

async function send(fetchFn, url, headers, controller, timeoutMs, signal) {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = signal ? () => controller.abort() : null;
  if (onAbort) signal.addEventListener("abort", onAbort);
  const failed = (stage, e) => ({ code: FAILED, aborted: !!signal?.aborted, timedOut, stage, text: describe(e), cors: likelyCors(url, e) });
  try {
    let response;
    try {
      // Redirects are followed by the Rust side, same origin only, so the
      // token never travels to another origin whatever the runtime does.
      // An injected fetch gets its own copy of the client's headers: what it
      // does to `init.headers` must not reach later requests.
      const init = { headers: fetchFn ? new Headers(headers) : headers, signal: controller.signal, redirect: "manual" };
      response = await (fetchFn ? fetchFn(url, init) : fetch(url, init));
    } catch (e) {
      return failed("before a response", e);
    }
    // Duck-typed: an injected fetch may come from another realm or a polyfill.
    // Each property is read once: in workerd every read is a call into C++.
    const status = response?.status;
    const got = response?.headers;
    if (typeof status !== "number" || typeof response.json !== "function" || !got) {
      return { code: FAILED, stage: "before a response", text: "fetch resolved to something that is not a Response" };
    }
    // A browser hides a manual redirect as an opaque response of status 0.
    if (status === 0 ? response.type === "opaqueredirect" : status >= 300 && status < 400) {
      return { code: REDIRECT, status, text: redirectTarget(got.get("location"), url) };
    }
    if (status < 200 || status > 299) {
      let said = null;
      try {
        const body = JSON.parse(await response.text());
        said = typeof body?.error === "string" ? body.error : typeof body?.message === "string" ? body.message : null;
      } catch {}
      return { code: HTTP_ERROR, status, text: said, retryAfter: got.get("retry-after") };
    }
    const type = got.get("content-type") ?? "";
    if (type !== "" && !type.toLowerCase().includes("json")) return { code: NOT_JSON, status, text: type };
    try {
      return { code: JSON_OK, status, body: await response.json() };
    } catch (e) {
      if (e?.name === "SyntaxError") return { code: BAD_JSON, status, text: describe(e) };
      return failed("while reading the body", e);
    }
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

/**
 * Whether a failed fetch is likely a CORS refusal: browsers report one as a
 * bare TypeError ("Failed to fetch"), like any network failure, and only
 * pages and browser workers (which have a `location`) send cross-origin
 * requests under CORS. TIXY publishes no CORS policy.
 */
function likelyCors(url, e) {
  try {
    const here = globalThis.location?.origin;
    return e instanceof TypeError && typeof here === "string" && here !== "null" && new URL(url).origin !== here;
  } catch {
    return false;
  }
}

/**
 * A redirect's absolute target, or null. Userinfo in a Location could carry
 * credentials (even the token, percent-encoded): it never reaches an error
 * message.
 */
function redirectTarget(location, url) {
  if (location === null) return null;
  try {
    const target = new URL(location, url);
    target.username = "";
    target.password = "";
    return target.href;
  } catch {
    return null;
  }
}

/** Waits `ms`; resolves false at once if `signal` fires first. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * What is wrong with a parsed body, by the shape its route promises
 * (mirrored by `routes::Shape`): 0 nothing, 1 not an array, 4 not an object.
 * Only the top-level shape is checked (tixy-api decision 3): no single odd
 * field or item fails a whole response.
 */
function shapeProblem(value, shape) {
  if (shape === 0) return Array.isArray(value) ? 0 : 1;
  if (shape === 1) return typeof value === "object" && value !== null && !Array.isArray(value) ? 0 : 4;
  return 0;
}

/**
 * What an argument object is, for the Rust option readers: 0 absent
 * (undefined or null), 1 an object that is not an array, 2 anything else
 * (functions included). One call from wasm instead of four type checks.
 */
export const argKind = (v) => (v == null ? 0 : typeof v === "object" && !Array.isArray(v) ? 1 : 2);

/**
 * The parts of an absolute URL that `BaseUrl::check` judges, from the same
 * WHATWG parser fetch uses; null when `raw` is not an absolute URL.
 */
export function parseUrl(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const { protocol, hostname, origin, pathname } = url;
  return { protocol, hostname, origin, pathname, credentials: url.username !== "" || url.password !== "" };
}

/** Milliseconds since the epoch of an HTTP date, or NaN. */
export const parseDate = (text) => Date.parse(text);
