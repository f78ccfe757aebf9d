//! One HTTP attempt over `fetch`, the crate's only I/O: started here
//! ([`begin`], through io.js's `attempt`), and its outcome turned into a
//! reply or a typed error ([`classify`]). Both drivers of an exchange (the
//! Rust driver, `rust_driver.rs`, and the JS driver, `drive` in io.js) go
//! through `Exchange`, which calls these two.
//!
//! io.js sends a GET with the client's headers through the global or the
//! injected fetch, runs the per-attempt timer, follows the caller's signal,
//! reads the body, checks its top-level shape, cleans every outside text,
//! and resolves a plain outcome (`boundary::Outcome`).
//!
//! Why not gloo-net's `RequestBuilder` per attempt: its `build()` constructs
//! three `Request`s and a `URL` to merge query strings, and `fetch` copies
//! the result once more; measured in Node that was most of this client's
//! per-call overhead (BENCHMARKS.md), and its `format!` calls pull
//! `core::fmt` into the wasm. The URL is already complete and
//! percent-encoded (`routes.rs`).

use crate::boundary::{self, outcome, Outcome};
use crate::error::{Error, ErrorKind};
use crate::routes::{Route, Shape};
use crate::text::{join, push_number};
use crate::token::Secret;
use alloc::string::String;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal};

/// The holder of every request's headers of one client (io.js `headers`):
/// `Authorization: Bearer <token>` and `Accept`, made once per token, not per
/// attempt; fetch copies them into each request it makes. A new holder
/// without `holder`; with it (a rotation), new headers in that holder. `Err`
/// where the runtime cannot build a `Headers` (Node's is defined on the
/// global object at its first use, which fails once the global is
/// non-extensible); then the holder's headers lose their token. No token
/// yet (a token provider not called yet): no `Authorization`.
pub(crate) fn headers(token: Option<&Secret>, holder: Option<&JsValue>) -> Result<JsValue, Error> {
    boundary::headers(token.map(Secret::expose), holder).ok_or_else(cold_no_headers)
}

#[inline(never)]
fn cold_no_headers() -> Error {
    let msg = "new Headers() failed in this runtime (a non-extensible global object?)";
    Error::new(ErrorKind::Network, msg.into())
}

/// Everything one attempt needs.
pub(crate) struct Attempt<'a> {
    pub route: &'a Route,
    pub url: &'a str,
    /// The holder from [`headers`]; io.js also redacts the token from
    /// outside text.
    pub headers: &'a JsValue,
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

pub(crate) fn aborted(route: &Route) -> Error {
    Error::at(
        route.name,
        ErrorKind::Aborted,
        "aborted by the caller's signal",
    )
}

/// Starts one GET (io.js `attempt`): a Promise of its outcome, never
/// rejected. io.js aborts `controller` on timeout and on the caller's signal;
/// without one it makes its own (the JS driver never abandons an attempt).
pub(crate) fn begin(att: &Attempt<'_>, controller: Option<&AbortController>) -> Promise {
    boundary::attempt(
        att.fetch,
        att.url,
        att.headers,
        controller,
        att.timeout_ms,
        att.signal,
        att.route.shape.code(),
    )
}

/// What an attempt's outcome (io.js) means: a reply, or a typed failure and
/// whether another attempt may help. The one place outcomes become errors.
///
/// The common outcome (a JSON body of the promised shape) is read here and
/// everything else in [`cold_classify`] (a cold path: ARCHITECTURE.md, "Cold
/// paths").
pub(crate) fn classify(
    route: &Route,
    timeout_ms: u32,
    outcome: &JsValue,
) -> Result<Reply, Failure> {
    // io.js resolves every attempt with an outcome object; the JS driver
    // hands over undefined if it ever rejected (a bug), which is reported as
    // a typed error rather than read (a getter on it would throw). The
    // null check is an import the build has anyway; `is_object` would be
    // one more, for values io.js never produces.
    if outcome.is_null_or_undefined() {
        return Err(cold_not_an_outcome(route));
    }
    let outcome: &Outcome = outcome.unchecked_ref();
    let kind = outcome.code();
    if kind == outcome::JSON_OK {
        return Ok(Reply::Json(outcome.body()));
    }
    cold_classify(route, timeout_ms, outcome, kind)
}

#[inline(never)]
fn cold_not_an_outcome(route: &Route) -> Failure {
    let msg = "the fetch wrapper failed unexpectedly";
    final_failure(Error::at(route.name, ErrorKind::Network, msg))
}

/// [`classify`] for every outcome but a good JSON body (`kind` is the
/// outcome's `code`).
#[inline(never)]
fn cold_classify(
    route: &Route,
    timeout_ms: u32,
    outcome: &Outcome,
    kind: u8,
) -> Result<Reply, Failure> {
    // Every outcome has a status, 0 when no response came (io.js `failed`):
    // a missing one throws in wasm-bindgen's debug glue.
    let status = outcome.status();
    // io.js has already cleaned every text it returns (no token, no
    // control or bidi characters, at most 300 characters).
    let text = || outcome.text().as_string().unwrap_or_default();
    let stage = || outcome.stage().as_string().unwrap_or_default();
    // Each arm says what its error is; one `Error::at` below makes it.
    let built: String;
    let (error_kind, detail, retryable) = match kind {
        outcome::REDIRECT => {
            return Ok(Reply::Redirect(
                outcome.text().as_string(),
                outcome.shown().as_string(),
            ))
        }
        outcome::HTTP_ERROR => {
            let wait = outcome.retry_after().as_string().and_then(|v| {
                // io.js gives a date's distance from now: now is 0.
                crate::retry::parse_retry_after(&v, 0.0, boundary::parse_date)
            });
            let error = Error::from_response(
                &route.facts(),
                status,
                outcome.text().as_string().as_deref(),
                wait,
            );
            return Err(Failure {
                error,
                retryable: crate::retry::is_retryable_status(status),
            });
        }
        outcome::ABORTED => return Err(final_failure(aborted(route))),
        outcome::BAD_SHAPE => (ErrorKind::Decode, shape_problem(route.shape), false),
        outcome::NOT_JSON => {
            built = join(&["expected a JSON body, got content-type ", &text()]);
            (ErrorKind::Decode, built.as_str(), false)
        }
        // Not the runtime's parse error: it quotes the body (io.js).
        outcome::BAD_JSON => (ErrorKind::Decode, "the body is not valid JSON", false),
        outcome::TIMEOUT => {
            let mut msg = String::from("no response within ");
            push_number(&mut msg, timeout_ms);
            msg.push_str(" ms (");
            msg.push_str(&stage());
            msg.push(')');
            built = msg;
            (ErrorKind::Timeout, built.as_str(), true)
        }
        _ => {
            let cors = if kind == outcome::FAILED_CORS {
                CORS_HINT
            } else {
                ""
            };
            built = join(&["network error ", &stage(), ": ", &text(), cors]);
            (ErrorKind::Network, built.as_str(), true)
        }
    };
    let mut error = Error::at(route.name, error_kind, detail);
    // A body that came and was not what the route promises: the status it
    // came with. Timeouts and network errors had no response.
    if error_kind == ErrorKind::Decode {
        error = error.with_status(status);
    }
    Err(Failure { error, retryable })
}

/// Appended to a browser's cross-origin network error (io.js `likelyCors`).
const CORS_HINT: &str = ". From a page this is most often a CORS refusal (TIXY publishes no CORS policy): call TIXY through your own backend on the page's origin and pass that route's URL as baseUrl";

/// What a body io.js found not of its route's shape was expected to be.
fn shape_problem(shape: Shape) -> &'static str {
    match shape {
        Shape::List => "expected a JSON array",
        _ => "expected a JSON object",
    }
}

impl Shape {
    /// The shape's code for io.js (`boundary::shape`).
    fn code(self) -> u8 {
        match self {
            Shape::List => boundary::shape::LIST,
            Shape::Object => boundary::shape::OBJECT,
            #[cfg(feature = "server")]
            Shape::Any => boundary::shape::ANY,
        }
    }
}
