//! One HTTP attempt over `fetch`: the only I/O in the crate.
//!
//! gloo-net builds the `Request` (headers, the attempt's abort signal,
//! `redirect: "manual"`); `src/js/io.js` sends it with the global or the
//! injected fetch, runs the per-attempt timer, follows the caller's signal and
//! reads the body, and returns a plain outcome. This module turns outcomes
//! into replies and typed errors. Dropping the future aborts the fetch (the
//! guard owns the attempt's `AbortController`), like reqwest's wasm client.

use crate::error::{join, Error, ErrorKind};
use crate::routes::Route;
use gloo_net::http::Request;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestRedirect};

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
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn aborted(this: &Outcome) -> bool;
    #[wasm_bindgen(method, getter, js_name = timedOut)]
    fn timed_out(this: &Outcome) -> bool;
    #[wasm_bindgen(method, getter)]
    fn stage(this: &Outcome) -> String;

    #[wasm_bindgen(js_name = attempt)]
    fn js_attempt(
        fetch: Option<&Function>,
        request: &web_sys::Request,
        controller: &AbortController,
        timeout_ms: u32,
        signal: Option<&AbortSignal>,
    ) -> Promise;
    #[wasm_bindgen(js_name = sleep)]
    fn js_sleep(ms: u32, signal: Option<&AbortSignal>) -> Promise;
    #[wasm_bindgen(js_name = shapeProblem)]
    fn shape_problem(value: &JsValue, shape: u8) -> u8;
    #[wasm_bindgen(js_name = parseDate)]
    fn parse_date(text: &str) -> f64;
}

/// Outcome codes of io.js.
mod code {
    pub const JSON_OK: u8 = 0;
    pub const REDIRECT: u8 = 1;
    pub const HTTP_ERROR: u8 = 2;
    pub const NOT_JSON: u8 = 3;
    pub const BAD_JSON: u8 = 4;
}

/// Everything one attempt needs.
pub(crate) struct Attempt<'a> {
    pub route: &'a Route,
    pub url: &'a str,
    /// The token for the header (io.js also redacts it from outside text).
    pub token: &'a str,
    pub timeout_ms: u32,
    pub signal: Option<&'a AbortSignal>,
    pub fetch: Option<&'a Function>,
}

/// A successful attempt.
pub(crate) enum Reply {
    /// 2xx with a parsed JSON body of the promised shape.
    Json(JsValue),
    /// 3xx: where to, resolved against the request URL (`None` when the
    /// runtime hides it, as browsers do for `redirect: "manual"`).
    Redirect(Option<String>),
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

/// Sends one GET and reads its body under one timeout.
pub(crate) async fn attempt(att: &Attempt<'_>) -> Result<Reply, Failure> {
    let route = att.route;
    let Ok(controller) = AbortController::new() else {
        return Err(final_failure(Error::at(
            route,
            ErrorKind::Network,
            "this runtime has no AbortController",
        )));
    };
    let mut auth = String::with_capacity(att.token.len() + 7);
    auth.push_str("Bearer ");
    auth.push_str(att.token);
    let request = Request::get(att.url)
        .header("Authorization", &auth)
        .header("Accept", "application/json")
        .abort_signal(Some(&controller.signal()))
        // Redirects are followed by the client, same origin only, so the
        // token never travels to another origin whatever the runtime does.
        .redirect(RequestRedirect::Manual)
        .build();
    // The token was checked to be a valid header value, so only a URL the
    // runtime refuses can fail here; its message is not shown (it could
    // quote a header), only that the request could not be built.
    let Ok(request) = request else {
        return Err(final_failure(Error::at(
            route,
            ErrorKind::InvalidInput,
            "the runtime refused to build the request (check baseUrl)",
        )));
    };
    let mut guard = AbortOnDrop(controller, false);
    let request: web_sys::Request = request.into();
    let promise = js_attempt(att.fetch, &request, &guard.0, att.timeout_ms, att.signal);
    // io.js resolves every outcome; a rejection would be a bug there, and is
    // still reported as a typed error rather than read as an outcome.
    let outcome: Outcome = match JsFuture::from(promise).await {
        Ok(outcome) if outcome.is_object() => outcome.unchecked_into(),
        _ => {
            let msg = "the fetch wrapper failed unexpectedly";
            return Err(final_failure(Error::at(route, ErrorKind::Network, msg)));
        }
    };
    guard.1 = true;

    let status = outcome.status();
    // io.js has already removed the token from every text it returns.
    let text = || outcome.text().unwrap_or_default();
    match outcome.code() {
        code::JSON_OK => {
            let body = outcome.body();
            check_shape(route, status, &body)?;
            Ok(Reply::Json(body))
        }
        code::REDIRECT => Ok(Reply::Redirect(outcome.text())),
        code::HTTP_ERROR => {
            let wait = outcome.retry_after().and_then(|v| {
                crate::retry::parse_retry_after(&v, js_sys::Date::now(), |d| Some(parse_date(d)))
            });
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
        code::BAD_JSON => {
            let msg = join(&["the body is not valid JSON: ", &text()]);
            Err(final_failure(
                Error::at(route, ErrorKind::Decode, &msg).with_status(status),
            ))
        }
        _ if outcome.aborted() => Err(final_failure(aborted(route))),
        _ if outcome.timed_out() => {
            let mut msg = String::from("no response within ");
            crate::error::push_number(&mut msg, att.timeout_ms);
            msg.push_str(" ms (");
            msg.push_str(&outcome.stage());
            msg.push(')');
            Err(Failure {
                error: Error::at(route, ErrorKind::Timeout, &msg),
                retryable: true,
            })
        }
        _ => {
            let msg = join(&["network error ", &outcome.stage(), ": ", &text()]);
            Err(Failure {
                error: Error::at(route, ErrorKind::Network, &msg),
                retryable: true,
            })
        }
    }
}

/// Checks that a parsed body has the shape its route promises, without
/// copying it: only what identifies an object (`id`) is required
/// (tixy-api decision 3).
fn check_shape(route: &Route, status: u16, body: &JsValue) -> Result<(), Failure> {
    // `Shape` discriminants are io.js's shape codes.
    let problem = match shape_problem(body, route.shape as u8) {
        0 => return Ok(()),
        1 => "expected a JSON array",
        2 => "an item of the array has no string `id`",
        3 => "expected a JSON object with a string `id`",
        _ => "expected a JSON object",
    };
    Err(final_failure(
        Error::at(route, ErrorKind::Decode, problem).with_status(status),
    ))
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
