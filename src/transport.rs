//! One HTTP attempt over `fetch`: the only wasm-specific I/O in the crate.
//!
//! gloo-net builds the `Request` (headers, signal, redirect mode); we call the
//! global or the injected `fetch` with it ourselves, because gloo-net always
//! calls the global one. Each attempt has its own `AbortController`, fired by
//! the per-attempt timer, by the caller's signal, or by dropping the future
//! (the guard aborts an unfinished fetch, like reqwest's wasm client).

use crate::error::{Error, ErrorKind};
use crate::routes::Route;
use gloo_net::http::Request;
use js_sys::{Function, Promise};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestRedirect, ResponseType};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, looked up at call time (so late polyfills count).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Everything one attempt needs.
pub(crate) struct Attempt<'a> {
    pub route: &'a Route,
    pub url: &'a str,
    /// The token, used for the header and to redact anything the outside says.
    pub token: &'a str,
    pub timeout_ms: u32,
    pub signal: Option<&'a AbortSignal>,
    pub fetch: Option<&'a Function>,
}

/// A successful attempt.
pub(crate) enum Reply {
    /// 2xx with a parsed JSON body.
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

impl Failure {
    fn final_(error: Error) -> Self {
        Failure {
            error,
            retryable: false,
        }
    }
}

/// Fires the attempt's controller from the timer and from the caller's
/// signal, and cleans both up (aborting the fetch if still running) on drop.
struct Guard {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    timer: JsValue,
    _on_timeout: Closure<dyn FnMut()>,
    caller: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    finished: bool,
}

impl Guard {
    fn start(timeout_ms: u32, signal: Option<&AbortSignal>) -> Result<Self, JsValue> {
        let controller = AbortController::new()?;
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), timeout_ms as i32);
        let caller = match signal {
            Some(signal) => {
                let controller = controller.clone();
                let on_abort = Closure::<dyn FnMut()>::new(move || controller.abort());
                signal
                    .add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())?;
                Some((signal.clone(), on_abort))
            }
            None => None,
        };
        Ok(Guard {
            controller,
            timed_out,
            timer,
            _on_timeout: on_timeout,
            caller,
            finished: false,
        })
    }

    /// The kind of a rejection: our abort (caller or timeout) or the network.
    fn classify(&self, att: &Attempt<'_>, err: &JsValue, during: &str) -> Failure {
        if self.caller.as_ref().is_some_and(|(s, _)| s.aborted()) {
            return Failure::final_(aborted(att.route));
        }
        if self.timed_out.get() {
            let ms = att.timeout_ms.to_string();
            let msg = crate::error::join(&["no response within ", &ms, " ms (", during, ")"]);
            return Failure {
                error: Error::at(att.route, ErrorKind::Timeout, &msg),
                retryable: true,
            };
        }
        let detail = redact(&describe_js_error(err), att.token);
        let msg = crate::error::join(&["network error ", during, ": ", &detail]);
        Failure {
            error: Error::at(att.route, ErrorKind::Network, &msg),
            retryable: true,
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((signal, on_abort)) = &self.caller {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
        if !self.finished {
            self.controller.abort();
        }
    }
}

pub(crate) fn aborted(route: &Route) -> Error {
    Error::at(route, ErrorKind::Aborted, "aborted by the caller's signal")
}

/// Sends one GET and reads its body under one timeout.
pub(crate) async fn attempt(att: &Attempt<'_>) -> Result<Reply, Failure> {
    let setup_failed = |e: JsValue| {
        let detail = redact(&describe_js_error(&e), att.token);
        Failure::final_(Error::at(
            att.route,
            ErrorKind::Network,
            &crate::error::join(&["could not start the request: ", &detail]),
        ))
    };
    let mut guard = Guard::start(att.timeout_ms, att.signal).map_err(setup_failed)?;
    let mut auth = String::with_capacity(att.token.len() + 7);
    auth.push_str("Bearer ");
    auth.push_str(att.token);
    let request: web_sys::Request = Request::get(att.url)
        .header("Authorization", &auth)
        .header("Accept", "application/json")
        .abort_signal(Some(&guard.controller.signal()))
        // Redirects are followed by the client, same origin only, so the
        // token never travels to another origin whatever the runtime does.
        .redirect(RequestRedirect::Manual)
        .build()
        .map_err(|e| setup_failed(JsValue::from_str(&e.to_string())))?
        .into();
    let sent = match att.fetch {
        Some(f) => f
            .call1(&JsValue::UNDEFINED, &request)
            .map(|p| Promise::resolve(&p)),
        None => Ok(global_fetch(&request)),
    };
    let response = match sent {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    let response: web_sys::Response = match response.map(JsCast::dyn_into) {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => {
            return Err(Failure::final_(Error::at(
                att.route,
                ErrorKind::Decode,
                "fetch resolved to something that is not a Response",
            )))
        }
        Err(e) => return Err(guard.classify(att, &e, "before a response")),
    };
    let status = response.status();

    // Bodies left unread below (redirects, wrong content type) are cancelled
    // by the guard's abort on drop, which frees the connection at once.
    if response.type_() == ResponseType::Opaqueredirect || (300..400).contains(&status) {
        let location = response.headers().get("location").ok().flatten();
        let resolved = location
            .and_then(|l| web_sys::Url::new_with_base(&l, att.url).ok())
            .map(|u| u.href());
        return Ok(Reply::Redirect(resolved));
    }

    if !(200..300).contains(&status) {
        let retry_after = response
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|v| {
                crate::retry::parse_retry_after(&v, js_sys::Date::now(), |d| {
                    Some(js_sys::Date::parse(d))
                })
            });
        let server_says = match response.text() {
            Ok(p) => JsFuture::from(p)
                .await
                .ok()
                .and_then(|t| t.as_string())
                .and_then(|t| error_text(&t)),
            Err(_) => None,
        };
        guard.finished = true;
        let says = server_says.map(|s| redact(&s, att.token));
        let error = Error::from_response(att.route, status, says.as_deref(), retry_after);
        return Err(Failure {
            error,
            retryable: crate::retry::is_retryable_status(status),
        });
    }

    // A 2xx must be JSON: a wrong content type means a proxy or captive
    // portal answered, not TIXY.
    let content_type = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    if !content_type.is_empty() && !content_type.to_ascii_lowercase().contains("json") {
        let msg = crate::error::join(&[
            "expected a JSON body, got content-type ",
            &redact(&content_type, att.token),
        ]);
        return Err(Failure::final_(
            Error::at(att.route, ErrorKind::Decode, &msg).with_status(status),
        ));
    }
    let parsed = match response.json() {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    match parsed {
        Ok(value) => {
            guard.finished = true;
            Ok(Reply::Json(value))
        }
        Err(e) if is_syntax_error(&e) => {
            guard.finished = true;
            let msg = crate::error::join(&[
                "the body is not valid JSON: ",
                &redact(&describe_js_error(&e), att.token),
            ]);
            Err(Failure::final_(
                Error::at(att.route, ErrorKind::Decode, &msg).with_status(status),
            ))
        }
        Err(e) => {
            let failure = guard.classify(att, &e, "while reading the body");
            guard.finished = true;
            Err(failure)
        }
    }
}

/// Waits `ms` between attempts; the caller's signal cuts the wait short.
pub(crate) async fn sleep(ms: u32, signal: Option<&AbortSignal>) -> Result<(), ()> {
    let listener: Rc<Cell<Option<Function>>> = Rc::new(Cell::new(None));
    let slot = listener.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        set_timeout(&resolve, ms as i32);
        if let Some(s) = signal {
            let _ = s.add_event_listener_with_callback("abort", &reject);
            slot.set(Some(reject));
        }
    });
    let result = JsFuture::from(promise).await;
    if let (Some(s), Some(reject)) = (signal, listener.take()) {
        let _ = s.remove_event_listener_with_callback("abort", &reject);
    }
    result.map(drop).map_err(drop)
}

pub(crate) fn random() -> f64 {
    js_sys::Math::random()
}

fn is_syntax_error(e: &JsValue) -> bool {
    e.dyn_ref::<js_sys::Error>()
        .is_some_and(|e| e.name() == "SyntaxError")
}

/// "TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:9)".
fn describe_js_error(e: &JsValue) -> String {
    let Some(err) = e.dyn_ref::<js_sys::Error>() else {
        return e.as_string().unwrap_or_else(|| "unknown error".into());
    };
    let mut s: String = err.name().into();
    s.push_str(": ");
    s.push_str(&String::from(err.message()));
    // Node's undici puts the real reason (ECONNREFUSED, reset…) in `cause`.
    if let Some(cause) = err.cause().dyn_ref::<js_sys::Error>() {
        s.push_str(" (");
        s.push_str(&String::from(cause.message()));
        s.push(')');
    }
    s
}

/// The API's own error text from a JSON error body (`error` or `message`),
/// cut to a readable length.
fn error_text(body: &str) -> Option<String> {
    let value = js_sys::JSON::parse(body).ok()?;
    let text = ["error", "message"].iter().find_map(|k| {
        js_sys::Reflect::get(&value, &JsValue::from_str(k))
            .ok()?
            .as_string()
    })?;
    Some(text.chars().take(200).collect())
}

/// Removes every occurrence of the token from text that came from outside.
pub(crate) fn redact(text: &str, token: &str) -> String {
    if token.is_empty() {
        return text.to_string();
    }
    text.replace(token, "<redacted>")
}
