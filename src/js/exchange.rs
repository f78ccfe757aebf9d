//! The JS driver's handle on a call: `drive` in `src/js/io.js` runs this
//! loop, awaiting in JS what the Rust driver (`client::drive`) awaits in
//! Rust:
//!
//! ```js
//! for (let next = ex.start(); ; ) {
//!   if (next === SEND) next = ex.received(await ex.send());   // a rejection: received(undefined)
//!   else if (next === DONE) return ex.value();
//!   else if (next === FAIL) throw ex.error();
//!   else next = ex.waited(await sleep(next, ex.signal()));   // next: ms to wait
//! }
//! ```
//!
//! Steps travel as one number (the codes below, or the milliseconds to
//! wait); the result is kept here until `value()` or `error()` takes it.

use crate::error::Error;
use crate::exchange::{self, Step};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// Step codes, mirrored in io.js. Waits are 0 or more milliseconds.
const SEND: i32 = -1;
const DONE: i32 = -2;
const FAIL: i32 = -3;

#[wasm_bindgen(module = "/src/js/io.js")]
extern "C" {
    /// Runs the exchange to its end; the Promise settles with the body or a
    /// `TixyError`, and the exchange is freed.
    fn drive(exchange: Exchange) -> Promise;
}

/// One call in flight, driven from JS. Not part of the package's API: the
/// entries never export it.
#[wasm_bindgen(skip_typescript)]
pub struct Exchange {
    inner: exchange::Exchange,
    result: Option<Result<JsValue, Error>>,
}

impl Exchange {
    /// Starts `exchange` and returns the Promise of its result.
    pub(crate) fn run(exchange: exchange::Exchange) -> Promise {
        drive(Exchange {
            inner: exchange,
            result: None,
        })
    }

    fn code(&mut self, step: Step) -> i32 {
        match step {
            Step::Send => SEND,
            // Waits are at most 60 s (retry::decide), well within i32.
            Step::Wait(ms) => ms.min(i32::MAX as u32) as i32,
            Step::Done(value) => {
                self.result = Some(Ok(value));
                DONE
            }
            Step::Fail(error) => {
                self.result = Some(Err(error));
                FAIL
            }
        }
    }
}

#[wasm_bindgen]
impl Exchange {
    pub fn start(&mut self) -> i32 {
        let step = self.inner.start();
        self.code(step)
    }

    /// Starts the attempt; io.js makes its `AbortController` (the JS driver
    /// never abandons an attempt, so there is nothing to abort on drop).
    pub fn send(&self) -> Promise {
        crate::transport::send(&self.inner.attempt(), None)
    }

    pub fn received(&mut self, outcome: JsValue) -> i32 {
        let (route, timeout_ms) = (self.inner.route(), self.inner.timeout_ms());
        let reply = crate::transport::classify(route, timeout_ms, &outcome);
        let step = self.inner.received(reply);
        self.code(step)
    }

    pub fn waited(&mut self, slept: bool) -> i32 {
        let step = self.inner.waited(slept);
        self.code(step)
    }

    pub fn signal(&self) -> Option<AbortSignal> {
        self.inner.signal().cloned()
    }

    pub fn value(&mut self) -> JsValue {
        match self.result.take() {
            Some(Ok(value)) => value,
            _ => JsValue::UNDEFINED,
        }
    }

    pub fn error(&mut self) -> JsValue {
        match self.result.take() {
            Some(Err(error)) => error.into(),
            _ => JsValue::UNDEFINED,
        }
    }
}
