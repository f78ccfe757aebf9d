// The per-attempt I/O mechanics, kept in JS because here they are a few lines,
// while in wasm every timer, listener and header read costs closure glue and
// an import shim. Policy stays in Rust: what to retry, which kind an outcome
// is, what the message says. These functions never throw or reject; every
// result is a plain outcome object for the Rust side to classify. Also here:
// the few JS helpers the Rust side calls for what JS does in one step
// (argKind, read, isSignal, fit, readOptions, parseUrl, parseDate, headers).

const describe = (e) => {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? ` (${e.cause.message})` : "";
  return `${e.name}: ${e.message}${cause}`;
};

// The runtime's fetch and AbortController, as this module found them. A
// global replaced since (a test double, an instrumentation wrapper, a
// polyfill) is not trusted with what they do here: the fetch is then
// handled as an injected one (`fetchAndRead`), and an AbortController whose
// abort() did nothing would let an attempt outlive its timeout and its
// caller's abort, and a flight outlive every caller.
const ownFetch = globalThis.fetch;
const { AbortController } = globalThis;

// ASCII-only lower case: the same length as the text, so positions match.
const lower = (s) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());

/**
 * Every text that comes from outside (server error bodies, fetch errors,
 * headers) passes through here before Rust sees it. Format characters (bidi
 * overrides, zero-width) are removed, so they can neither reorder the
 * message nor hide a token inside it; line breaks and other controls become
 * spaces, so no text can forge a line of a log. Then every run of 8 or more
 * characters of the token (the request's own header value), in any letter
 * case, becomes `<redacted>`; last, the text is cut to 300 characters.
 */
function clean(headers, text) {
  if (text == null) return text;
  text = redact(headers, String(text).slice(0, 4096).replace(/\p{Cf}/gu, "").replace(/[\p{Cc}\u2028\u2029]+/gu, " "));
  return text.length > 300 ? text.slice(0, 300) + "…" : text;
}

/**
 * `text` with every run of 8 or more characters of the token (`headers`'
 * Authorization value), in any letter case, as `<redacted>`: outside text
 * (`clean`), and the URL the hooks see, where a same-origin redirect may
 * have put the token (it is followed as sent, CONTRACT.md).
 */
function redact(headers, text) {
  // Any run of 8+ characters of the token is covered by its 8-character
  // pieces; the text is at most 4096 characters (a URL 16 KiB), the token
  // a few dozen.
  const token = lower(headers.get("authorization") ?? "").slice(7);
  const low = lower(text);
  let out = "", from = 0, end = -1;
  for (let i = 0; i + 8 <= low.length; i++) {
    if (!token.includes(low.slice(i, i + 8))) continue;
    if (i > end) out += text.slice(from, i) + "<redacted>";
    from = end = i + 8;
  }
  return out + text.slice(from);
}

// The codes shared with Rust, defined in src/boundary.rs (a test there holds
// these lines to it). Outcome codes of `attempt`:
// FAILED (fetch or the body failed: `stage`, `text`) is FAILED_CORS when it
// looks like a browser's CORS refusal, ABORTED when the caller's signal
// fired, TIMEOUT when the attempt's timer did, in that order.
const JSON_OK = 0, REDIRECT = 1, HTTP_ERROR = 2, NOT_JSON = 3, BAD_JSON = 4, FAILED = 5, BAD_SHAPE = 6;
const FAILED_CORS = 7, ABORTED = 8, TIMEOUT = 9;
// The steps of `drive`; a step of 0 or more is a wait in milliseconds:
const SEND = -1, DONE = -2, FAIL = -3;
// The top-level shapes a route promises:
const LIST = 0, OBJECT = 1, ANY = 3;
// What `argKind` says of an argument, and what `fit` says of a string field:
const ARG_ABSENT = 0, ARG_OBJECT = 1, ARG_OTHER = 2;
const FIT_ABSENT = 0, FIT_NOT_A_STRING = 1, FIT_TOO_LONG = 2, FIT_UNREADABLE = 3, FIT_LONE_SURROGATE = 4;

/**
 * The JS driver of one call (a `PendingCall` from the wasm facade): the Rust
 * side decides every step (retries, redirects, errors), `run` does the
 * awaiting, so a call needs no Rust future. Its twin is the Rust driver
 * (src/rust_driver.rs). Frees the call at the end.
 *
 * With `dedupe` (the default), the calls of one client to the same URL share
 * one request (a flight), whatever their timeouts and signals. The first
 * caller's own call runs it, with its own signal and timeout, exactly as
 * without dedupe: a call nobody joins costs no more than that (`fly`). When a
 * second caller joins (`share`), the request becomes the flight's: aborted
 * only once every caller has given up. Each caller then follows its own
 * signal and its own timeout (per attempt of the flight, as for a request of
 * its own; a caller whose attempt times out goes on alone by its retry
 * rules), and gets its own copy of the body (`ride`).
 */
export function drive(call) {
  try {
    const s = call.state();
    // A call made while one of this client's attempts is starting (from an
    // injected fetch, which `attempt` calls before it returns) sends its
    // own request, a microtask later, once that attempt has returned: the
    // attempt's call is borrowed in wasm until then, so `share` would
    // re-enter it (a wasm error, not a TixyError); the attempt may be
    // waiting for this very call, so it must not join its flight; and a
    // fetch wrapper that calls its client would otherwise start that call's
    // attempt, and so itself, again before it could note the call it made.
    if (s.busy) return Promise.resolve().then(() => alone(call, s));
    // A caller whose signal has already fired sends nothing, shared or not;
    // one whose timeout ends before the 429 gate opens fails alone, at once.
    const now = s.dedupe && call.start() !== FAIL && Date.now();
    if (!now || s.gate - now >= call.timeout()) return alone(call, s);
    const key = call.url();
    const f = s.flights.get(key);
    if (!f || (!f.c && !share(f))) return fly(call, s, key);
    f.live++;
    return ride(f, call, s);
  } catch (e) {
    // Nothing here throws (the calls into wasm do not); if it ever did, the
    // throw must not unwind into wasm.
    return Promise.reject(e);
  }
}

async function alone(call, s) {
  try {
    return await run(call, s);
  } finally {
    call.free();
  }
}

/**
 * A flight's first caller: its call runs the request, following the
 * caller's signal and timeout, and the caller takes the result as it comes
 * (`land`), whether or not others joined (`share`).
 *
 * In workerd every promise and timer belongs to the request that made it,
 * and a request's continuations that another request would settle are
 * cancelled once that one is done. So whatever settles a caller comes from
 * its own request: the first caller's from the flight's run and from the
 * attempt's timer and signal listener, all made here by its own call; a
 * joining caller's from its own `within`.
 */
function fly(call, s, key) {
  const f = { s, key, call, live: 1, armed: true, n: 0 };
  const p = (f.p = run(call, s, f, SEND));
  // Joinable only now: a call made while `run` starts (from a hook, the
  // token provider or an injected fetch) would find no `f.p` to wait on.
  s.flights.set(key, f);
  return new Promise((resolve, reject) => {
    f.own = [resolve, reject];
    p.then(
      (body) => land(f, 0, body),
      (e) => land(f, 1, e),
    );
  });
}

/**
 * A flight's end, in the first caller's request: its result goes to the
 * first caller unless it left (`firstLeaves`); the callers still waiting
 * take it from `f.p` (`ride`), as copies, since the first caller takes it as
 * parsed. The flight then lets go of its call, callers and response: without
 * this, V8 kept every finished flight, and all it points at, alive through
 * every minor GC until the next full one (likely through tables `s.flights`
 * has outgrown), and a call at 100 in flight cost 8 us more with dedupe on.
 */
function land(f, settle, result) {
  const { s, key, call, own, first } = f;
  if (s.flights.get(key) === f) s.flights.delete(key);
  call.free();
  if (first) {
    f.timers.delete(first.arm);
    first.arm(false);
    first.stop();
    first.call.free();
    // The first caller resumes first: copies for the others, now.
    if (settle) f.thrown = true;
    else f.copies = Array.from({ length: f.live - 1 }, () => copy(result));
  }
  f.call = f.own = f.first = f.p = f.a = f.c = undefined;
  own?.[settle](result);
}

/**
 * A second caller joins flight `f`, in its own request: from now on the
 * call follows the flight's signal, aborted when every caller has given up
 * (`leave`), with no timeout of its own; an attempt under way no longer
 * follows the first caller's timeout and signal (`fetchAndRead`), but is
 * aborted with the flight (`f.a`). The first caller keeps a copy of its call
 * as it was, and its own timeout and signal: its attempt's timer and its
 * signal's listener (both its own request's) and, from the flight's next
 * attempt, a timer `run` arms (`f.timers`); when one fires, it leaves
 * (`firstLeaves`). Nothing here makes a timer or a promise. Returns `f`,
 * or nothing when the flight cannot be joined.
 */
function share(f) {
  const { call } = f;
  const signal = call.signal();
  // Not once the first caller's signal has fired or its attempt's timer
  // has, while what follows (the attempt's abort, the retry wait or the
  // token's wait cut short) is still on its way to that caller alone: a
  // caller joining now would take its `aborted` error, or hand it a body.
  // The call starts a flight of its own (`drive`).
  if ((signal && isAborted(signal)) || isAborted(f.a?.signal)) return;
  f.c = new AbortController();
  f.timers = new Set();
  const first = { call: call.share(f.c.signal, MAX_TIMEOUT), timer: undefined, n: f.n };
  const ms = first.call.timeout();
  first.arm = (on) => {
    clearTimeout(first.timer);
    first.timer = on && setTimeout(() => firstLeaves(f, TIMED_OUT), ms);
  };
  const onAbort = () => firstLeaves(f, GAVE_UP);
  first.stop = () => signal && follow(signal, "removeEventListener", onAbort);
  if (signal) follow(signal, "addEventListener", onAbort);
  f.timers.add(first.arm);
  f.first = first;
  if (f.a) (f.a.shared = true), (f.a.timedOut = () => firstLeaves(f, TIMED_OUT));
  return f;
}

/**
 * The first caller of a shared flight gives up (GAVE_UP) or its attempt
 * times out (TIMED_OUT): it leaves, and its own call makes its `aborted`
 * error, or takes its attempt's timeout and goes on alone by its retry
 * rules, as a joining caller does (`ride`).
 */
function firstLeaves(f, why) {
  const { first, own } = f;
  if (!first) return;
  f.first = f.own = undefined;
  f.timers.delete(first.arm);
  first.arm(false);
  first.stop();
  leave(f);
  const { call } = first;
  onItsOwn(call, f.s, why, f.n - first.n, f.n + 1)
    .finally(() => call.free())
    .then(...own);
}

/**
 * A caller that left a flight (GAVE_UP or TIMED_OUT): its own call makes its
 * `aborted` error, or takes its attempt's timeout and goes on alone by its
 * retry rules, with the retries left: the `used` retries the flight made
 * while this caller waited on it were its retries too.
 */
function onItsOwn(call, s, why, used, attempt) {
  if (why === GAVE_UP) return run(call, s, undefined, call.start());
  while (used-- > 0) call.waited(true);
  const next = call.received(TIMED_OUT_OUTCOME);
  // Its timeout is retried: `onRetry`, as `run` says it after an attempt of
  // its own. `attempt` counts the flight's attempts it waited on (all of
  // them for the first caller), and its own go on from there.
  if (next >= 0) retried(s, call, attempt, call.error(), next);
  return run(call, s, undefined, next, attempt);
}

/** `onRetry` for `call`'s failed attempt `attempt` (`e`), retried after `delayMs`. */
const retried = (s, call, attempt, e, delayMs, status = e.status) =>
  hook(s, "onRetry", () => ({ endpoint: call.endpoint(), url: call.url(), attempt, status, kind: e.kind, delayMs }));

/**
 * A joining caller of the shared flight `f` waits for its result, within its
 * own timeout and signal, and gets its own copy of the body; one that gives
 * up or times out leaves, and its own `call` makes its `aborted` error, or
 * takes its attempt's timeout and goes on alone by its retry rules.
 */
async function ride(f, call, s) {
  try {
    // This caller's timeout runs while the flight waits on a response (or
    // the token, or the gate), restarted at each attempt; not in its retry waits.
    let body;
    const n = f.n;
    try {
      body = await within(f.p, call.timeout(), call.signal(), f);
    } catch (e) {
      // A shared failure: each caller its own error object too, as with a
      // body. The first to resume takes the flight's; the others a copy.
      throw f.thrown && e?.kind ? new e.constructor(e.kind, e.message, e.status, e.retryAfterMs) : ((f.thrown = true), e);
    }
    if (body === GAVE_UP || body === TIMED_OUT) {
      leave(f);
      return await onItsOwn(call, s, body, f.n - n, f.n - n + 1);
    }
    // The first caller to resume takes the body as parsed, after copies for
    // the callers still waiting are made, before anyone could change it.
    if (f.copies) return f.copies.pop() ?? copy(body);
    f.copies = Array.from({ length: f.live - 1 }, () => copy(body));
    return body;
  } finally {
    call.free();
  }
}

/** A caller leaves flight `f`; the last one aborts the request, and a call made from now on starts its own. */
function leave(f) {
  if (--f.live) return;
  cancel(f.c);
  cancel(f.a);
  if (f.s.flights.get(f.key) === f) f.s.flights.delete(f.key);
}

/**
 * Aborts `controller` if this request may: workerd throws ("Cannot perform
 * I/O on behalf of a different request") for a controller another request
 * made, and then the request it stops runs on to its end, unread.
 */
function cancel(controller) {
  try {
    controller?.abort();
  } catch {}
}

const GAVE_UP = {}, TIMED_OUT = {};
// What a caller's attempt timing out is, for the Rust side to classify.
const TIMED_OUT_OUTCOME = { code: TIMEOUT, stage: "before a response" };
// The longest timeout there is (config.rs MAX_TIMEOUT_MS; setTimeout's limit).
const MAX_TIMEOUT = 2147483647;

/**
 * `p`'s value, or GAVE_UP when `signal` fires first, or TIMED_OUT after `ms`;
 * with a flight `f`, only while the flight has that timer armed (`run`).
 * The timer and listener are gone once it settles.
 */
function within(p, ms, signal, f) {
  let timer, onAbort, leave;
  const arm = (on) => {
    clearTimeout(timer);
    timer = on && setTimeout(leave, ms, TIMED_OUT);
  };
  const stop = new Promise((resolve) => (leave = resolve));
  f?.timers.add(arm);
  arm(f ? f.armed : true);
  if (signal) follow(signal, "addEventListener", (onAbort = () => leave(GAVE_UP)));
  return Promise.race([p, signal && isAborted(signal) ? GAVE_UP : stop]).finally(() => {
    f?.timers.delete(arm);
    arm(false);
    if (signal) follow(signal, "removeEventListener", onAbort);
  });
}

/**
 * A deep copy of a parsed JSON body, for a caller sharing a request: in
 * Node 24 a page-sized list copies in 68 us, where JSON.parse of its text
 * takes 228 us and structuredClone 744 us. A key `__proto__` stays an own
 * property, as JSON.parse makes it. What overflows the stack (a hostile
 * server's nesting, which JSON.parse takes; a cycle in an injected fetch's
 * body) is copied by `copyDeep`, so no caller can change another's; only a
 * body whose own getters throw is shared.
 */
function copy(v) {
  try {
    return copyJson(v);
  } catch {}
  try {
    return copyDeep(v);
  } catch {
    return v;
  }
}

/**
 * `copyJson` with a stack of its own (`work`), for any depth; an object met
 * twice (shared, or a cycle) is copied once.
 */
function copyDeep(v) {
  const seen = new Map(), out = [], work = [[[v], out]];
  while (work.length) {
    const [from, to] = work.pop();
    for (const k of Object.keys(from)) {
      let x = from[k];
      if (typeof x == "object" && x !== null) {
        let y = seen.get(x);
        if (!y) seen.set(x, (y = Array.isArray(x) ? [] : {})), work.push([x, y]);
        x = y;
      }
      // Defined, not set: a key `__proto__` stays an own property.
      Object.defineProperty(to, k, { value: x, enumerable: true, writable: true, configurable: true });
    }
  }
  return out[0];
}

function copyJson(v) {
  if (typeof v != "object" || v === null) return v;
  if (Array.isArray(v)) return v.map(copyJson);
  const o = {};
  for (const k of Object.keys(v)) {
    if (k === "__proto__") Object.defineProperty(o, k, { value: copyJson(v[k]), enumerable: true, writable: true, configurable: true });
    else o[k] = copyJson(v[k]);
  }
  return o;
}

/**
 * One call's steps from `next`, with what a client shares between its calls
 * (`s`, from `readOptions`): the token from its provider, the 429 gate, the
 * hooks. `f`: the flight this call runs for, whose callers' timeouts pause
 * in its retry waits.
 */
async function run(call, s, f, next = call.start(), attempt = 0) {
  let again = true, gen, outcome, failed;
  // A flight's callers' timeouts pause in its retry waits (`within`).
  const arm = (on) => {
    if (!f) return;
    f.armed = on;
    f.timers?.forEach((t) => t(on));
  };
  for (; ; ) {
    if (next === SEND) {
      if (s.provider) {
        // The provider's token, fetched once for every call under way; the
        // wait for it is bounded by the call's timeout and signal.
        if (!s.pending) refresh(s);
        gen = s.gen;
        const p = s.pending;
        const r = await within(p, call.timeout(), call.signal());
        // A flight shared during this wait no longer follows the first
        // caller's signal and timeout: it waits on with the flight's.
        if (r === TIMED_OUT && f?.c) firstLeaves(f, TIMED_OUT);
        if (r === GAVE_UP || (r === TIMED_OUT && f?.c)) {
          next = call.start();
          continue;
        }
        if (r === TIMED_OUT) {
          // A provider that hangs is asked again by the next attempt.
          if (s.pending === p) s.pending = null;
          next = call.received(TIMED_OUT_OUTCOME);
          continue;
        }
        // The first call to resume (one still running: the one that asked
        // may have gone) sets the token for all of them.
        if (r.ok === undefined) (r.ok = call.token(r.v)), (r.v = undefined);
        if (!r.ok) {
          if (s.pending === p) s.pending = null;
          next = call.refuse(0);
          continue;
        }
      }
      const wait = s.gate - Date.now();
      if (wait > 0) {
        // After a 429 with Retry-After no request of this client goes out
        // before the time it named; a call whose timeout ends earlier fails.
        next = wait < call.timeout() ? (await sleep(wait, call.signal()), call.start()) : call.refuse(wait);
        continue;
      }
      attempt++;
      const url = s.hooks && call.url(), endpoint = s.hooks && call.endpoint();
      hook(s, "onRequest", () => ({ endpoint, url, attempt }));
      const t0 = s.onResponse && performance.now();
      // `attempt` resolves every outcome; if it ever rejected (a bug), the
      // Rust side still makes a typed error of the missing outcome.
      outcome = undefined;
      // A shared flight's callers' timeouts restart with each attempt.
      if (f?.c) arm(true);
      try {
        // While wasm runs `attempt`, calls of this client wait (`drive`).
        s.busy = true;
        let p;
        try {
          p = call.attempt();
        } finally {
          s.busy = false;
        }
        // The attempt's controller (made by `attempt` before it returned),
        // which `leave` aborts when the flight was shared while it was under
        // way. Not passed in through wasm: that costs every call.
        if (f) f.a = made;
        made = undefined;
        outcome = await p;
      } catch {}
      // Between attempts there is none to abort or to judge (`share`).
      if (f) f.a = undefined;
      const durationMs = s.onResponse && performance.now() - t0;
      next = call.received(outcome);
      // The failure, retried or final, closes the gate before any hook
      // runs: a call a hook starts already waits.
      const e = next >= 0 || next === FAIL ? call.error() : undefined;
      gate(s, e);
      if (outcome?.status) hook(s, "onResponse", () => ({ endpoint, url, attempt, status: outcome.status, durationMs }));
      if (next === FAIL) failed = e;
      else if (e) retried(s, call, attempt, e, next);
    } else if (next === DONE) return call.value();
    else if (next === FAIL) {
      const e = failed ?? call.error();
      failed = undefined;
      // A 401 with a provider's token: one new token, then the request once more.
      if (e.status !== 401 || !s.provider || !again) throw e;
      again = false;
      if (gen === s.gen) refresh(s);
      retried(s, call, attempt, e, 0, 401);
      next = call.start();
    } else {
      arm(false);
      // A flight shared during this wait no longer follows the signal it
      // started with (the first caller's): whether it goes on is `start`'s
      // check of the flight's signal.
      next = call.waited((await sleep(next, call.signal())) || !!f?.c);
      // The flight's retries, which count for a caller that leaves it (`onItsOwn`).
      if (f) f.n++;
      arm(true);
    }
  }
}

/**
 * Calls the token provider, once for every call waiting on it: `s.pending`
 * resolves to `{ v }`, what it returned (`{}` when it threw), which the first
 * call to resume checks and sets (`PendingCall::token`) as `ok`. Nothing the
 * provider returned or threw reaches an error.
 */
function refresh(s) {
  s.gen++;
  const provider = s.provider;
  s.pending = (async () => {
    // Called once `s.pending` is set: the calls a provider makes of its
    // own client wait for its token, rather than call it again.
    await 0;
    try {
      return { v: await provider() };
    } catch {
      return {};
    }
  })();
}

/** Closes the client's gate until the time a 429's Retry-After named. */
function gate(s, e) {
  if (e?.kind === "rate_limited" && e.retryAfterMs != null) s.gate = Math.max(s.gate, Date.now() + e.retryAfterMs);
}

/**
 * Calls the client's hook `key` with `info()`, whose URL loses the token
 * (`redact`; the client's headers are `s.h`, see `headers`); nothing the hook
 * throws or rejects reaches the call. Called as a plain function: `s` holds
 * the token, so it is never the hook's `this`.
 */
function hook(s, key, info) {
  const f = s[key];
  if (!f) return;
  try {
    const i = info();
    i.url = redact(s.h, i.url);
    Promise.resolve(f(i)).catch(() => {});
  } catch {}
}


/**
 * A client's request headers, in a holder the client keeps for its life:
 * `holder.h` is a Headers with `Authorization: Bearer <token>` (none without
 * a token: a provider not called yet) and `Accept`. Made once per token, not
 * per attempt (fetch copies them into each request); a rotation puts new
 * ones in the same holder (pass it), so requests under way keep theirs and
 * later attempts, retries included, take the new ones (`attempt` reads
 * `holder.h` once, as it starts). Undefined where the runtime cannot build
 * a Headers (Node's is defined on the global object at its first use, which
 * fails once the global is non-extensible); then the holder's headers lose
 * their token, so that calls fail as unauthorized rather than quietly use a
 * token that was meant to go. The token was checked to be visible ASCII
 * (token.rs), so `set` cannot fail on it. A holder, not a Headers in a
 * RefCell on the Rust side: nothing is borrowed while JS runs (an injected
 * fetch may rotate the token from inside an attempt), and no attempt needs
 * a copy of the reference. The npm clients' holder is their JS state `s`
 * (`readOptions`), where `hook` finds the token to redact.
 */
export function headers(token, holder = {}) {
  try {
    const h = new Headers();
    if (token !== undefined) h.set("Authorization", "Bearer " + token);
    h.set("Accept", "application/json");
    holder.h = h;
    return holder;
  } catch {
    try {
      holder.h?.delete("Authorization");
    } catch {}
  }
}

/**
 * GETs `url` with the client's headers (`holder.h`, see `headers`) through
 * `fetchFn` (or the global fetch), aborting `controller` (one made here when
 * none is given) after `timeoutMs` or when the caller's `signal` fires, reads
 * the body and checks it has `shape`. `fetch(url, init)` rather than `fetch(new Request(…))`: a
 * Request built here would be copied again inside fetch (undici), a
 * measurable cost on every call.
 */
export async function attempt(fetchFn, url, holder, controller, timeoutMs, signal, shape) {
  // This attempt's headers, which `clean` redacts from outside text even
  // if the token is rotated meanwhile.
  const headers = holder.h;
  const own = controller ?? new AbortController();
  const pending = fetchAndRead(fetchFn, url, headers, own, timeoutMs, signal);
  // Set after fetchAndRead's synchronous start, in which an injected fetch
  // may start attempts of its own (which set and take `made` themselves);
  // only for one made here (the JS driver's): the Rust driver's controller
  // is its own, and nothing would take it back out of `made`.
  if (!controller) made = own;
  const out = await pending;
  if (out.code === JSON_OK) {
    // The route's shape says what was expected: Rust words the error.
    return hasShape(out.body, shape) ? out : { code: BAD_SHAPE, status: out.status };
  }
  // Every text of every other outcome passes here, whichever path made it;
  // a redirect's target is followed as received and only its `shown` part
  // (for an error message) is cleaned.
  if (out.code === REDIRECT) out.shown = clean(headers, out.shown);
  else out.text = clean(headers, out.text);
  return out;
}

/** The controller the last `attempt` made, for `run` (a flight's `f.a`). */
let made;

/** How much of an error body is read (characters, see `head`). */
const ERROR_BODY_LIMIT = 16384;


async function fetchAndRead(fetchFn, url, headers, controller, timeoutMs, signal) {
  // A global fetch replaced since (a test double, an instrumentation
  // wrapper, a polyfill) is no more trusted than an injected one: it may
  // ignore the signal, or change `init.headers`, which are the client's.
  // Nor is the runtime's own once the global AbortController is replaced:
  // Node's fetch makes one per request, and ends its body by it.
  const global = globalThis.fetch;
  if (global !== ownFetch || globalThis.AbortController !== AbortController) fetchFn ??= global;
  let timedOut = false;
  const timer = setTimeout(() => {
    // Once the request is shared (io.js `share`), the caller who started it
    // no longer decides when it ends, the flight does: its timeout ends
    // only its own wait (`firstLeaves`).
    if (controller.shared) return controller.timedOut?.();
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = signal ? () => controller.shared || controller.abort() : null;
  if (onAbort) follow(signal, "addEventListener", onAbort);
  // With an injected fetch, every await below races the attempt's abort
  // (timeout, the caller's signal, a dropped Rust future), so the call
  // settles even when that fetch ignores the signal and its body never ends.
  // The runtime's own fetch ends its body on abort; it skips the race, which
  // costs a fifth of the throughput of 100 concurrent calls in Node.
  const stopped = fetchFn && new Promise((resolve) => controller.signal.addEventListener("abort", () => resolve()));
  const until = (promise) => (stopped ? Promise.race([promise, stopped]) : promise);
  // A shared request is aborted only by its flight, once every caller has gone.
  const failed = (stage, e) => ({
    code: (controller.shared ? controller.signal.aborted : signal && isAborted(signal)) ? ABORTED : timedOut ? TIMEOUT : likelyCors(url, e) ? FAILED_CORS : FAILED,
    status: 0,
    stage,
    text: describe(e),
  });
  try {
    let response;
    try {
      // Redirects are followed by the Rust side, same origin only, so the
      // token never travels to another origin whatever the runtime does.
      // An injected fetch gets its own copy of the client's headers: what it
      // does to `init.headers` must not reach later requests.
      const init = { headers: fetchFn ? new Headers(headers) : headers, signal: controller.signal, redirect: "manual" };
      response = await until(fetchFn ? fetchFn(url, init) : fetch(url, init));
    } catch (e) {
      return failed("before a response", e);
    }
    // Duck-typed: an injected fetch may come from another realm or a polyfill.
    // Each property is read once: in workerd every read is a call into C++.
    // (`undefined` here also means the attempt was stopped: `failed` says so.)
    const status = response?.status;
    const got = response?.headers;
    // A status is a whole number of at most three digits (a Response's is
    // 0 or 200-599): one the u16 of the Rust side would wrap (65,940 read
    // as 404), a fraction, NaN (which passed as a success) or a string is
    // not a Response's.
    if (status !== (status & 1023) || typeof response.json !== "function" || !got) {
      return failed("before a response", "fetch resolved to something that is not a Response");
    }
    // A fetch that ignored its signal (a DOM shim's signal given to the
    // runtime's fetch) answered after the timeout or the caller's abort.
    if (controller.signal.aborted) return failed("before a response", "the request was aborted");
    // A browser hides a manual redirect as an opaque response of status 0.
    // Other 3xx (300, 304, …) are no redirect: an unexpected status.
    if (status === 0 ? response.type === "opaqueredirect" : [301, 302, 303, 307, 308].includes(status)) {
      const target = redirectTarget(got.get("location"), url);
      return { code: REDIRECT, status, text: target, shown: target && new URL(target).origin };
    }
    if (status < 200 || status > 299) {
      let said = null;
      try {
        const body = JSON.parse(await until(head(response.body)));
        said = typeof body?.error === "string" ? body.error : typeof body?.message === "string" ? body.message : null;
      } catch {}
      // Bounded before wasm copies it: no valid Retry-After is that long.
      const retryAfter = got.get("retry-after");
      return { code: HTTP_ERROR, status, text: said, retryAfter: retryAfter?.length > 64 ? null : retryAfter };
    }
    const type = got.get("content-type") ?? "";
    if (type !== "" && !type.toLowerCase().includes("json")) return { code: NOT_JSON, status, text: type };
    try {
      const body = await until(response.json());
      return body === undefined && controller.signal.aborted ? failed("while reading the body") : { code: JSON_OK, status, body };
    } catch (e) {
      // The runtime's message quotes the body (V8: `Unexpected token 'i',
      // "tixy_priv_S"...`), which may echo the token: it is not passed on.
      if (e?.name === "SyntaxError") return { code: BAD_JSON, status, text: null };
      return failed("while reading the body", e);
    }
  } finally {
    clearTimeout(timer);
    if (onAbort) follow(signal, "removeEventListener", onAbort);
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
    // Browsers' words for a failed fetch (Chromium, Safari, Firefox); Node
    // with a DOM shim has a `location` too, but says "fetch failed".
    const browser = /^(Failed to fetch|Load failed|NetworkError when)/.test(e?.message);
    return browser && e instanceof TypeError && typeof here === "string" && here !== "null" && new URL(url).origin !== here;
  } catch {
    return false;
  }
}

/**
 * The start of an error body as text, read only for its `error`/`message`:
 * reading stops once ERROR_BODY_LIMIT characters are in (one chunk more at
 * most) and the rest is cancelled, so a server streaming an endless error
 * body cannot fill the memory.
 */
async function head(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (let r; text.length < ERROR_BODY_LIMIT && !(r = await reader.read()).done; ) text += decoder.decode(r.value, { stream: true });
  } finally {
    reader.cancel().catch(() => {});
  }
  return text;
}

/**
 * A redirect's absolute target (the `Location` resolved against the request
 * URL, otherwise untouched), or null. Userinfo in a Location could carry
 * credentials (even the token, percent-encoded), and fetch refuses a URL
 * with them: it is dropped.
 */
function redirectTarget(location, url) {
  // Not a string (an injected fetch's), or longer than any server sends
  // (Node's limit for all headers is 16 KiB): not followed.
  if (typeof location !== "string" || location.length > 16384) return null;
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
    if (signal && isAborted(signal)) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      if (signal) follow(signal, "removeEventListener", onAbort);
      resolve(true);
    }, ms);
    if (signal) follow(signal, "addEventListener", onAbort, { once: true });
  });
}

/**
 * Adds or removes `onAbort` on the caller's signal. It passed `isSignal`, yet
 * its own listener methods may still throw: nothing here may reject or throw.
 */
function follow(signal, method, onAbort, options) {
  try {
    signal[method]("abort", onAbort, options);
  } catch {}
}

/**
 * Whether a parsed body has the shape its route promises. Only the top-level
 * shape is checked: no single odd field or item fails a whole response.
 */
function hasShape(value, shape) {
  if (shape === LIST) return Array.isArray(value);
  if (shape === OBJECT) return typeof value === "object" && value !== null && !Array.isArray(value);
  return true;
}

/**
 * What an argument object is, for the Rust option readers: ARG_ABSENT
 * (undefined or null), ARG_OBJECT (an object that is not an array),
 * ARG_OTHER (anything else, functions included). One call from wasm instead
 * of four type checks.
 */
export const argKind = (v) => {
  // Array.isArray throws on a revoked Proxy (Immer revokes its drafts). A
  // throw must never reach wasm: it would unwind past the Rust frames and
  // leak their shadow stack. Every helper below catches for that reason.
  try {
    return v == null ? ARG_ABSENT : typeof v === "object" && !Array.isArray(v) ? ARG_OBJECT : ARG_OTHER;
  } catch {
    return ARG_OTHER;
  }
};

// The platform's own `aborted` getter: its brand check accepts an
// AbortSignal of any realm (an iframe's too) and refuses a Proxy of one or
// `Object.create(AbortSignal.prototype)`.
const nativeAborted = Object.getOwnPropertyDescriptor(globalThis.AbortSignal?.prototype ?? {}, "aborted")?.get;

/**
 * Whether `v` is an AbortSignal the client can follow: the platform's, of
 * any realm, or a DOM shim's (happy-dom's are JS classes, whose own getter
 * further up the chain accepts them). Its `aborted` is then only ever read
 * through `isAborted`, and its listener methods inside `try`.
 */
export function isSignal(v) {
  try {
    if (typeof nativeAborted.call(v) == "boolean") return true;
  } catch {}
  try {
    for (let p = Object.getPrototypeOf(v); p; p = Object.getPrototypeOf(p)) {
      const d = Object.getOwnPropertyDescriptor(p, "aborted");
      if (d) return typeof d.get?.call(v) == "boolean";
    }
  } catch {}
  return false;
}

/** Whether the caller's signal has fired; one whose getter throws has not. */
export function isAborted(signal) {
  try {
    return signal.aborted === true;
  } catch {
    return false;
  }
}

/**
 * `obj[key]` for the option readers, or a symbol (no option takes one) when
 * a getter or Proxy trap throws. Not `Reflect.get` through wasm-bindgen's
 * `catch`: in 0.2.130 each caught throw leaks a slot of its externref table.
 */
export function read(obj, key) {
  try {
    return obj[key];
  } catch {
    return Symbol();
  }
}

/**
 * Whether a string has no lone surrogate: wasm-bindgen copies a string into
 * wasm as UTF-8, which has none, and makes each one U+FFFD, so an id would
 * silently become another. Where `isWellFormed` is missing (runtimes before
 * 2023), every string passes, as before it existed. The method as it was
 * at import: one replaced since cannot make a reader throw into wasm.
 */
const { isWellFormed } = String.prototype;
const wellFormed = (v) => !isWellFormed || isWellFormed.call(v);

/**
 * What the string readers make of `v`, measured before wasm copies it: `v`
 * when a well-formed string of at most `max` characters, else FIT_ABSENT,
 * FIT_NOT_A_STRING, FIT_TOO_LONG, FIT_LONE_SURROGATE, or FIT_UNREADABLE (a
 * symbol: what `read` gives for a getter that throws).
 */
export const fit = (v, max) =>
  v == null
    ? FIT_ABSENT
    : typeof v == "symbol"
      ? FIT_UNREADABLE
      : typeof v != "string"
        ? FIT_NOT_A_STRING
        : v.length > max
          ? FIT_TOO_LONG
          : wellFormed(v)
            ? v
            : FIT_LONE_SURROGATE;

/**
 * The first own key of `obj` that starts with `prefix` (cut to 64
 * characters), undefined when there is none, null when the keys cannot be
 * listed (a Proxy whose trap throws).
 */
function keyStarting(obj, prefix) {
  try {
    return Object.keys(obj).find((k) => k.startsWith(prefix))?.slice(0, 64);
  } catch {
    return null;
  }
}

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

/**
 * Milliseconds from now to an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`;
 * negative when past), or NaN for any other text: `Date.parse` alone reads
 * `-1` or `3 5` as dates. From now, not since the epoch: then Rust needs no
 * import of its own for the clock (`retry::parse_retry_after` is given 0 as
 * now).
 */
export const parseDate = (text) =>
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/.test(text) ? Date.parse(text) - Date.now() : NaN;

const UNREADABLE = Symbol();

/**
 * A client constructor's options object `o`, read and type-checked in one
 * call from wasm: `[, bad, why]` names the first wrong option (no `why`:
 * the other token kind's option, whose hint the Rust side has), else
 * `[state, , , token, baseUrl, timeoutMs, maxRetries, path, fetch]` (`path`
 * 1 for the path route style, else 0), with
 * the client's JS state (`run`'s `s`). `tokenKey` may hold a
 * token provider, a function. Strings are measured before wasm copies them;
 * the value rules (token form, baseUrl, ranges) are Rust's.
 */
export function readOptions(o, tokenKey, wrongPrefix) {
  if (argKind(o) !== ARG_OBJECT) return [, "options", "pass an object with a token"];
  const wrong = keyStarting(o, wrongPrefix);
  if (wrong !== undefined) return wrong === null ? [, "options", "cannot be read"] : [, wrong];
  let k;
  const get = (key) => {
    k = key;
    try {
      return o[key] ?? undefined;
    } catch {
      throw UNREADABLE;
    }
  };
  const string = (v, max) => {
    if (v === undefined || (typeof v == "string" && v.length <= max && wellFormed(v))) return v;
    // The lone surrogate's words are options.rs `string`'s.
    throw typeof v != "string" ? "must be a string" : v.length > max ? `is longer than ${max} characters` : "has a lone surrogate";
  };
  const whole = (v) => {
    if (v === undefined || (Number.isInteger(v) && v >= 0 && v <= 4294967295)) return v;
    throw "must be a whole number in range";
  };
  const fn = (v) => {
    if (v === undefined || typeof v == "function") return v;
    throw "must be a function";
  };
  try {
    const s = { gate: 0, gen: 0, pending: null, flights: new Map() };
    let token = get(tokenKey);
    if (typeof token == "function") (s.provider = token), (token = undefined);
    else if ((token = string(token, 4096)) === undefined) throw "is required";
    const style = string(get("routeStyle"), 16);
    if (style !== undefined && style !== "query" && style !== "path") throw 'must be "query" or "path"';
    const fetch = fn(get("fetch"));
    const baseUrl = string(get("baseUrl"), 2048);
    const timeoutMs = whole(get("timeoutMs"));
    const maxRetries = whole(get("maxRetries"));
    s.dedupe = get("dedupe") ?? true;
    if (typeof s.dedupe != "boolean") throw "must be true or false";
    for (const key of ["onRequest", "onResponse", "onRetry"]) s.hooks = fn((s[key] = get(key))) || s.hooks;
    return [s, , , token, baseUrl, timeoutMs, maxRetries, +(style === "path"), fetch];
  } catch (e) {
    return [, k, e === UNREADABLE ? "cannot be read" : e];
  }
}
