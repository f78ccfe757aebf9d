//! `PendingCall`: the JS driver's handle on one facade call. `drive` in
//! `src/boundary/io.js` runs this loop, awaiting in JS what the Rust driver
//! (`rust_driver.rs`) awaits in Rust:
//!
//! ```js
//! for (let next = call.start(); ; ) {
//!   if (next === SEND) next = call.received(await call.attempt()); // a rejection: received(undefined)
//!   else if (next === DONE) return call.value();
//!   else if (next === FAIL) throw call.error();
//!   else next = call.waited(await sleep(next, call.signal()));   // next: ms to wait
//! }
//! ```
//!
//! Steps travel as one number (`boundary::step`, or the milliseconds to
//! wait); the result is kept here until `value()` or `error()` takes it.

use crate::boundary::{self, step};
use crate::error::Error;
use crate::exchange::{Exchange, Step};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// One call in flight, driven from JS. Not part of the package's API: the
/// entries never export it.
#[wasm_bindgen(skip_typescript)]
pub struct PendingCall {
    exchange: Exchange,
    result: Option<Result<JsValue, Error>>,
}

impl PendingCall {
    /// Starts `exchange` and returns the Promise of its result.
    pub(crate) fn run(exchange: Exchange) -> Promise {
        let call = PendingCall {
            exchange,
            result: None,
        };
        boundary::drive(call.into())
    }

    fn code(&mut self, next: Step) -> i32 {
        match next {
            Step::Send => step::SEND,
            // Waits are at most 60 s (retry::decide), well within i32.
            Step::Wait(ms) => ms.min(i32::MAX as u32) as i32,
            Step::Done(value) => {
                self.result = Some(Ok(value));
                step::DONE
            }
            Step::Fail(error) => {
                self.result = Some(Err(error));
                step::FAIL
            }
        }
    }
}

#[wasm_bindgen]
impl PendingCall {
    pub fn start(&mut self) -> i32 {
        let next = self.exchange.start();
        self.code(next)
    }

    /// Starts the attempt; io.js makes its `AbortController`.
    pub fn attempt(&self) -> Promise {
        self.exchange.start_attempt(None)
    }

    pub fn received(&mut self, outcome: JsValue) -> i32 {
        let next = self.exchange.received(&outcome);
        self.code(next)
    }

    pub fn waited(&mut self, slept: bool) -> i32 {
        let next = self.exchange.waited(slept);
        self.code(next)
    }

    pub fn signal(&self) -> Option<AbortSignal> {
        self.exchange.signal().cloned()
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
