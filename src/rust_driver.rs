//! The Rust driver of an [`Exchange`]: awaits each attempt and wait with
//! wasm-bindgen-futures, for `Call`'s futures. Its twin is the JS driver,
//! `drive` in `src/boundary/io.js`, which the npm facade uses; both start attempts
//! and hand outcomes back through the same two `Exchange` methods. One
//! non-generic future for every endpoint keeps the wasm small.

use crate::boundary;
use crate::error::{Error, ErrorKind};
use crate::exchange::{Exchange, Step};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

/// Runs `exchange` to its end.
pub(crate) async fn run(mut exchange: Exchange) -> Result<JsValue, Error> {
    let mut generation = token(&exchange, None).await?;
    let mut refreshed = false;
    let mut step = exchange.start();
    loop {
        step = match step {
            // A 401 with a provider's token: one new token, the request once more.
            Step::Fail(error)
                if error.status() == Some(401)
                    && exchange.client().provider.is_some()
                    && !refreshed =>
            {
                refreshed = true;
                generation = token(&exchange, Some(generation)).await?;
                exchange.start()
            }
            Step::Send => {
                let outcome = attempt(&exchange).await?;
                exchange.received(&outcome)
            }
            Step::Wait(ms) => {
                let slept = JsFuture::from(boundary::sleep(ms, exchange.signal())).await;
                exchange.waited(slept.ok().and_then(|v| v.as_bool()) == Some(true))
            }
            Step::Done(value) => return Ok(value),
            Step::Fail(error) => return Err(error),
        }
    }
}

// Here rather than in io.js: only Rust-user builds link it, so the npm
// package does not carry it.
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function settle(p, ms, signal) {
  let timer, onAbort;
  const stop = new Promise((resolve) => {
    timer = setTimeout(resolve, ms, true);
    if (!signal) return;
    if (signal.aborted) resolve(false);
    signal.addEventListener("abort", (onAbort = () => resolve(false)));
  });
  return Promise.race([p, stop]).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  });
}
"#)]
extern "C" {
    /// `promise`'s value, or `true` after `ms`, or `false` once `signal`
    /// fires; its timer and listener go when it settles.
    fn settle(
        promise: &js_sys::Promise,
        ms: u32,
        signal: Option<&web_sys::AbortSignal>,
    ) -> js_sys::Promise;
}

/// Aborts the attempt's fetch unless it finished: dropping the Rust future
/// cancels the request, like reqwest's wasm client.
struct AbortOnDrop {
    controller: AbortController,
    finished: bool,
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if !self.finished {
            self.controller.abort();
        }
    }
}

/// One attempt's outcome. A rejection would be a bug in io.js; it reaches
/// `Exchange::received` as `undefined`, which makes it a typed error.
async fn attempt(exchange: &Exchange) -> Result<JsValue, Error> {
    let Ok(controller) = AbortController::new() else {
        let name = exchange.route().name;
        let msg = "this runtime has no AbortController";
        return Err(Error::at(name, ErrorKind::Network, msg));
    };
    let mut guard = AbortOnDrop {
        controller,
        finished: false,
    };
    let outcome = JsFuture::from(exchange.start_attempt(Some(&guard.controller))).await;
    guard.finished = true;
    Ok(outcome.unwrap_or(JsValue::UNDEFINED))
}

/// With a token provider (`Client::with_token_provider`), sets its token as
/// the client's: the pending provider call that the calls under way share,
/// or a new one when there is none, or when `stale` (the generation of the
/// token a 401 refused) is still the latest. Returns the generation used.
async fn token(exchange: &Exchange, stale: Option<u32>) -> Result<u32, Error> {
    let client = exchange.client();
    let Some(provider) = &client.provider else {
        return Ok(0);
    };
    let (generation, promise) = {
        let mut pending = client.pending.borrow_mut();
        let generation = pending.0;
        match &pending.1 {
            Some(promise) if Some(generation) != stale => (generation, promise.clone()),
            _ => {
                let promise = js_sys::Promise::resolve(
                    &provider.call0(&JsValue::UNDEFINED).unwrap_or_default(),
                );
                *pending = (generation + 1, Some(promise.clone()));
                (generation + 1, promise)
            }
        }
    };
    // A provider that never settles must not hang the call: the wait is
    // bounded by the call's timeout and its signal.
    let waited = settle(&promise, exchange.timeout_ms(), exchange.signal());
    let value = JsFuture::from(waited).await.unwrap_or_default();
    let name = exchange.route().name;
    let error = match value.as_bool() {
        Some(false) => crate::transport::aborted(exchange.route()),
        Some(true) => Error::at(
            name,
            ErrorKind::Timeout,
            "no token from the token provider in time",
        ),
        None => match value
            .as_string()
            .map(|t| crate::token::Secret::new("token", t))
        {
            Some(Ok(secret)) if client.set_token(&secret) => return Ok(generation),
            _ => {
                let msg = "the token provider failed or gave no valid token";
                // 401, as for the npm clients (CONTRACT.md's `invalid_token` row).
                Error::at(name, ErrorKind::InvalidToken, msg).with_status(401)
            }
        },
    };
    // The next call asks the provider again.
    let mut pending = client.pending.borrow_mut();
    if pending.0 == generation {
        pending.1 = None;
    }
    Err(error)
}
