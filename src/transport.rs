//! One HTTP attempt over `fetch`: the only I/O in the crate.
//!
//! gloo-net builds each client's request headers once ([`headers`]);
//! `src/js/io.js` sends a GET with them through the global or the injected
//! fetch, runs the per-attempt timer, follows the caller's signal, reads the
//! body and checks its shape, and returns a plain outcome. This module starts
//! attempts ([`send`]) and turns outcomes into replies and typed errors
//! ([`classify`]) for both drivers of `exchange.rs`. In the Rust driver
//! ([`attempt`]) dropping the future aborts the fetch (the guard owns the
//! attempt's `AbortController`), like reqwest's wasm client.
//!
//! Why not gloo-net's `RequestBuilder` per attempt: its `build()` constructs
//! three `Request`s and a `URL` to merge query strings, and `fetch` copies
//! the result once more; measured in Node that is most of this client's
//! per-call overhead, and its `format!` calls pull `core::fmt` into the wasm.
//! The URL is already complete and percent-encoded (`routes.rs`).

use crate::error::{join, Error, ErrorKind};
use crate::routes::Route;
use crate::token::Secret;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen(module = "/src/js/io.js")]
extern "C" {
    /// An attempt's outcome (see io.js): `code` says which fields are set.
    type Outcome;
    #[wasm_bindgen(method, getter)]
    fn code(this: &Outcome) -> u8;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Outcome) -> u16;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Outcome) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn text(this: &Outcome) -> Option<String>;
    /// A redirect target's origin, cleaned for an error message.
    #[wasm_bindgen(method, getter)]
    fn shown(this: &Outcome) -> Option<String>;
    /// A JsValue, not a string: it is whatever an injected fetch's
    /// `headers.get` returned, and wasm-bindgen's string conversion throws
    /// (through the wasm frames) on anything else.
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Outcome) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn aborted(this: &Outcome) -> bool;
    #[wasm_bindgen(method, getter, js_name = timedOut)]
    fn timed_out(this: &Outcome) -> bool;
    #[wasm_bindgen(method, getter)]
    fn stage(this: &Outcome) -> String;
    #[wasm_bindgen(method, getter)]
    fn problem(this: &Outcome) -> u8;
    #[wasm_bindgen(method, getter)]
    fn cors(this: &Outcome) -> bool;

    #[wasm_bindgen(js_name = parseDate)]
    fn parse_date(text: &str) -> f64;
    #[wasm_bindgen(js_name = attempt)]
    fn js_attempt(
        fetch: Option<&Function>,
        url: &str,
        headers: &web_sys::Headers,
        controller: Option<&AbortController>,
        timeout_ms: u32,
        signal: Option<&AbortSignal>,
        shape: u8,
    ) -> Promise;
    #[wasm_bindgen(js_name = sleep)]
    fn js_sleep(ms: u32, signal: Option<&AbortSignal>) -> Promise;

    /// What io.js's `parseUrl` returns for an absolute URL.
    type ParsedUrl;
    #[wasm_bindgen(js_name = parseUrl)]
    fn js_parse_url(raw: &str) -> Option<ParsedUrl>;
    #[wasm_bindgen(method, getter)]
    fn protocol(this: &ParsedUrl) -> String;
    #[wasm_bindgen(method, getter)]
    fn credentials(this: &ParsedUrl) -> bool;
    #[wasm_bindgen(method, getter)]
    fn hostname(this: &ParsedUrl) -> String;
    #[wasm_bindgen(method, getter)]
    fn origin(this: &ParsedUrl) -> String;
    #[wasm_bindgen(method, getter)]
    fn pathname(this: &ParsedUrl) -> String;
}

/// Parses an absolute URL with the host's URL parser (the one fetch uses).
pub(crate) fn parse_url(raw: &str) -> Option<crate::config::UrlParts> {
    let url = js_parse_url(raw)?;
    Some(crate::config::UrlParts {
        protocol: url.protocol(),
        credentials: url.credentials(),
        hostname: url.hostname(),
        origin: url.origin(),
        pathname: url.pathname(),
    })
}

/// Outcome codes of io.js.
mod code {
    pub const JSON_OK: u8 = 0;
    pub const REDIRECT: u8 = 1;
    pub const HTTP_ERROR: u8 = 2;
    pub const NOT_JSON: u8 = 3;
    pub const BAD_JSON: u8 = 4;
    pub const BAD_SHAPE: u8 = 6;
}

/// The headers of every request of one client (until its token is
/// rotated): `Authorization: Bearer <token>` and `Accept`. Built once, not
/// per attempt; fetch copies them into each request it makes.
pub(crate) fn headers(token: &Secret) -> web_sys::Headers {
    let mut auth = String::with_capacity(token.expose().len() + 7);
    auth.push_str("Bearer ");
    auth.push_str(token.expose());
    // The token was checked to be a valid header value (visible ASCII), so
    // `set` cannot throw here.
    let headers = gloo_net::http::Headers::new();
    headers.set("Authorization", &auth);
    headers.set("Accept", "application/json");
    headers.into_raw()
}

/// Everything one attempt needs.
pub(crate) struct Attempt<'a> {
    pub route: &'a Route,
    pub url: &'a str,
    /// From [`headers`]; io.js also redacts the token from outside text.
    pub headers: web_sys::Headers,
    pub timeout_ms: u32,
    pub signal: Option<&'a AbortSignal>,
    pub fetch: Option<&'a Function>,
}

/// A successful attempt.
pub(crate) enum Reply {
    /// 2xx with a parsed JSON body of the promised shape.
    Json(JsValue),
    /// 3xx: where to, the `Location` resolved against the request URL and
    /// otherwise untouched (`None` when the runtime hides it, as browsers do
    /// for `redirect: "manual"`), and that target's origin with the token
    /// removed, for an error message.
    Redirect(Option<String>, Option<String>),
}

/// A failed attempt and whether another attempt may help.
pub(crate) struct Failure {
    pub error: Error,
    pub retryable: bool,
}

fn final_failure(error: Error) -> Failure {
    Failure {
        error,
        retryable: false,
    }
}

/// Aborts the attempt's fetch unless it finished: dropping the Rust future
/// cancels the request.
struct AbortOnDrop(AbortController, bool);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if !self.1 {
            self.0.abort();
        }
    }
}

pub(crate) fn aborted(route: &Route) -> Error {
    Error::at(route, ErrorKind::Aborted, "aborted by the caller's signal")
}

/// Starts one GET (io.js): a Promise of its outcome, never rejected. io.js
/// aborts `controller` on timeout and on the caller's signal; without one it
/// makes its own (the JS driver never abandons an attempt).
pub(crate) fn send(att: &Attempt<'_>, controller: Option<&AbortController>) -> Promise {
    js_attempt(
        att.fetch,
        att.url,
        &att.headers,
        controller,
        att.timeout_ms,
        att.signal,
        att.route.shape as u8,
    )
}

/// One attempt for the Rust driver: sent, awaited, classified. Dropping the
/// future aborts the fetch.
pub(crate) async fn attempt(att: &Attempt<'_>) -> Result<Reply, Failure> {
    let Ok(controller) = AbortController::new() else {
        return Err(final_failure(Error::at(
            att.route,
            ErrorKind::Network,
            "this runtime has no AbortController",
        )));
    };
    let mut guard = AbortOnDrop(controller, false);
    let outcome = JsFuture::from(send(att, Some(&guard.0))).await;
    guard.1 = true;
    // A rejection would be a bug in io.js; it is still a typed error.
    classify(
        att.route,
        att.timeout_ms,
        &outcome.unwrap_or(JsValue::UNDEFINED),
    )
}

/// What an attempt's outcome (io.js) means: a reply, or a typed failure and
/// whether another attempt may help. The one place outcomes become errors.
///
/// The common outcome (a JSON body of the promised shape) is read here and
/// everything else in [`cold_classify`], a function of its own: V8 compiles
/// wasm lazily, one whole function at its first call, so a client's first
/// call then compiles this much instead of every error message too.
pub(crate) fn classify(
    route: &Route,
    timeout_ms: u32,
    outcome: &JsValue,
) -> Result<Reply, Failure> {
    // io.js resolves every attempt with an outcome object; anything else
    // would be a bug there, reported as a typed error rather than read.
    if !outcome.is_object() {
        return Err(cold_not_an_outcome(route));
    }
    let outcome: &Outcome = outcome.unchecked_ref();
    let kind = outcome.code();
    if kind == code::JSON_OK {
        return Ok(Reply::Json(outcome.body()));
    }
    cold_classify(route, timeout_ms, outcome, kind)
}

#[inline(never)]
fn cold_not_an_outcome(route: &Route) -> Failure {
    let msg = "the fetch wrapper failed unexpectedly";
    final_failure(Error::at(route, ErrorKind::Network, msg))
}

/// [`classify`] for every outcome but a good JSON body (`kind` is the
/// outcome's `code`). Kept out of line (`#[inline(never)]` here,
/// `--no-inline=*::cold_*` for wasm-opt in scripts/build.sh).
#[inline(never)]
fn cold_classify(
    route: &Route,
    timeout_ms: u32,
    outcome: &Outcome,
    kind: u8,
) -> Result<Reply, Failure> {
    let status = outcome.status();
    // io.js has already cleaned every text it returns (no token, no
    // control or bidi characters, at most 300 characters).
    let text = || outcome.text().unwrap_or_default();
    match kind {
        code::BAD_SHAPE => Err(final_failure(
            Error::at(route, ErrorKind::Decode, shape_problem(outcome.problem()))
                .with_status(status),
        )),
        code::REDIRECT => Ok(Reply::Redirect(outcome.text(), outcome.shown())),
        code::HTTP_ERROR => {
            let wait = outcome
                .retry_after()
                .as_string()
                .and_then(|v| crate::retry::parse_retry_after(&v, js_sys::Date::now(), parse_date));
            let error = Error::from_response(route, status, outcome.text().as_deref(), wait);
            Err(Failure {
                error,
                retryable: crate::retry::is_retryable_status(status),
            })
        }
        code::NOT_JSON => {
            let msg = join(&["expected a JSON body, got content-type ", &text()]);
            Err(final_failure(
                Error::at(route, ErrorKind::Decode, &msg).with_status(status),
            ))
        }
        // Not the runtime's parse error: it quotes the body (io.js).
        code::BAD_JSON => Err(final_failure(
            Error::at(route, ErrorKind::Decode, "the body is not valid JSON").with_status(status),
        )),
        _ if outcome.aborted() => Err(final_failure(aborted(route))),
        _ if outcome.timed_out() => {
            let mut msg = String::from("no response within ");
            crate::error::push_number(&mut msg, timeout_ms);
            msg.push_str(" ms (");
            msg.push_str(&outcome.stage());
            msg.push(')');
            Err(Failure {
                error: Error::at(route, ErrorKind::Timeout, &msg),
                retryable: true,
            })
        }
        _ => {
            let cors = if outcome.cors() { CORS_HINT } else { "" };
            let msg = join(&["network error ", &outcome.stage(), ": ", &text(), cors]);
            Err(Failure {
                error: Error::at(route, ErrorKind::Network, &msg),
                retryable: true,
            })
        }
    }
}

/// Appended to a browser's cross-origin network error (io.js `likelyCors`).
const CORS_HINT: &str = ". From a page this is most often a CORS refusal (TIXY publishes no CORS policy): call TIXY through your own backend on the page's origin and pass that route's URL as baseUrl";

/// What io.js found wrong with a body's shape: only the top-level shape is
/// checked (tixy-api decision 3). The codes are io.js's `shapeProblem`;
/// `Shape` discriminants are its shape codes.
fn shape_problem(code: u8) -> &'static str {
    match code {
        1 => "expected a JSON array",
        _ => "expected a JSON object",
    }
}

/// Waits `ms` between attempts; `Err` when the caller's signal cuts it short.
pub(crate) async fn sleep(ms: u32, signal: Option<&AbortSignal>) -> Result<(), ()> {
    let slept = JsFuture::from(js_sleep(ms, signal)).await;
    if slept.ok().and_then(|v| v.as_bool()) == Some(true) {
        Ok(())
    } else {
        Err(())
    }
}

pub(crate) fn random() -> f64 {
    js_sys::Math::random()
}
