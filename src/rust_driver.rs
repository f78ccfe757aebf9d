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
    let mut step = exchange.start();
    loop {
        step = match step {
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
