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
use alloc::string::String;
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
            Step::Wait(ms) => {
                // The failure it retries, for io.js (`error()`: the 429 gate, `onRetry`).
                self.result = self.exchange.take_failure().map(Err);
                ms.min(i32::MAX as u32) as i32
            }
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

    /// The client's JS state (io.js `readOptions`).
    pub fn state(&self) -> JsValue {
        self.exchange.client().js.clone()
    }

    /// Where the next attempt goes: the shared calls' key, the hooks' `url`
    /// (it never holds the token: that travels in a header only).
    pub fn url(&self) -> String {
        self.exchange.url().into()
    }

    pub fn timeout(&self) -> u32 {
        self.exchange.timeout_ms()
    }

    /// The method's name, for the hooks.
    pub fn endpoint(&self) -> String {
        self.exchange.route().name.into()
    }

    /// Makes this call the request of calls that share it (io.js `drive`,
    /// once a second caller joins): from now on it follows `signal` instead
    /// of the caller's, with `timeout_ms` per attempt. Returns the caller's
    /// own call as it was, for a caller that gives up on the shared request
    /// or goes on alone (each caller's own timeout applies to that caller).
    pub fn share(&mut self, signal: AbortSignal, timeout_ms: u32) -> PendingCall {
        let shared = self.exchange.fork(signal, timeout_ms);
        PendingCall {
            exchange: core::mem::replace(&mut self.exchange, shared),
            result: None,
        }
    }

    /// Sets what a token provider returned as the client's token, if it is
    /// one (the same checks as a token passed as a string).
    pub fn token(&self, value: JsValue) -> bool {
        let token = boundary::fit(&value, 4096).as_string();
        token
            .and_then(|t| crate::token::Secret::new("token", t).ok())
            .is_some_and(|secret| self.exchange.client().set_token(&secret))
    }

    /// Fails the call before a request: `ms` 0, the token provider gave
    /// no token; else the client's 429 gate stays closed `ms` more, longer
    /// than this call's timeout.
    pub fn refuse(&mut self, ms: u32) -> i32 {
        let route = self.exchange.route();
        let error = match ms {
            // Status 401, as CONTRACT.md's `invalid_token` row gives it for a
            // provider that failed too, though no response was received.
            0 => Error::at(
                route.name,
                crate::error::ErrorKind::InvalidToken,
                "the token provider failed or gave no valid token",
            )
            .with_status(401),
            _ => Error::from_response(&route.facts(), 429, None, Some(ms)),
        };
        self.code(Step::Fail(error))
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
