//! One call as a state machine without I/O: given what the last attempt or
//! wait gave, it says what to do next. Retries, same-origin redirects and the
//! caller's abort are decided here, once, for both drivers:
//!
//! - the Rust driver (`rust_driver.rs`, behind `Call`'s futures) awaits each
//!   attempt with wasm-bindgen-futures;
//! - the JS driver (`drive` in `src/boundary/io.js`, behind the npm facade, through
//!   `js::PendingCall`) awaits each attempt in JS, so a JS call needs no Rust
//!   future, closure or task queue: fewer wasm↔JS crossings per call and
//!   none of that machinery in the npm package's wasm.
//!
//! Both start an attempt with [`Exchange::start_attempt`] and hand its raw
//! outcome to [`Exchange::received`], which classifies it
//! (`transport::classify`): one path from outcome to step for both.

use crate::config::{BaseUrl, ClientOptions};
use crate::error::{Error, ErrorKind};
use crate::retry::{self, Decision};
use crate::routes::{Args, Endpoint, Route};
use crate::text::join;
use crate::transport::{self, Attempt, Failure, Reply};
use alloc::rc::Rc;
use alloc::string::{String, ToString};
#[cfg(feature = "std")]
use core::cell::RefCell;
use js_sys::Promise;
use wasm_bindgen::JsValue;
use web_sys::{AbortController, AbortSignal};

/// What every call of one client shares (a `Client` holds it in an `Rc`).
pub(crate) struct ClientState {
    pub base: BaseUrl,
    /// The holder of the request headers, token included
    /// (`transport::headers`); the token itself is not kept anywhere else.
    /// A rotation swaps the headers inside it, in JS: nothing here is
    /// mutated or borrowed.
    pub headers: JsValue,
    pub options: ClientOptions,
    /// The npm facade's per-client JS state (io.js `readOptions`: token
    /// provider, 429 gate, shared calls, hooks); undefined for Rust users.
    #[cfg_attr(not(feature = "npm"), allow(dead_code))]
    pub js: JsValue,
    /// A Rust user's token provider (`Client::with_token_provider`): a
    /// Promise of the token's text per call, shared by the calls waiting on
    /// it (`pending`, with its generation), so it is called once for them.
    /// A JS function (the Rust closure, made one only for Rust users, keeps
    /// its code out of the npm build's wasm). Only in `std` builds, the Rust
    /// driver's: the npm build's client neither fills nor drops them.
    #[cfg(feature = "std")]
    pub provider: Option<js_sys::Function>,
    #[cfg(feature = "std")]
    pub pending: RefCell<(u32, Option<Promise>)>,
}

impl ClientState {
    /// Makes `token` the token of every later request; false when the
    /// runtime cannot build the headers.
    pub fn set_token(&self, token: &crate::token::Secret) -> bool {
        // Headers were built when the client was made, in this realm: only
        // a global changed since can fail here, and then the old headers
        // lose their token (io.js `headers`): calls fail as unauthorized
        // instead of quietly using a token that was meant to go.
        transport::headers(Some(token), Some(&self.headers)).is_ok()
    }
}

/// Redirects followed (same origin only) before giving up.
const MAX_REDIRECTS: u32 = 5;

/// What the driver does next.
pub(crate) enum Step {
    /// Start an attempt ([`Exchange::start_attempt`]), then hand its outcome
    /// to [`Exchange::received`].
    Send,
    /// Wait this many milliseconds (cut short by the caller's signal), then
    /// call [`Exchange::waited`].
    Wait(u32),
    /// The call succeeded with this body.
    Done(JsValue),
    /// The call failed.
    Fail(Error),
}

/// The state of one call: where it sends next and what it has tried.
pub(crate) struct Exchange {
    client: Rc<ClientState>,
    route: Route,
    url: String,
    signal: Option<AbortSignal>,
    timeout_ms: u32,
    retries: u32,
    redirects: u32,
    /// The failure the last wait retries (for io.js: the 429 gate, `onRetry`).
    last: Option<Error>,
}

impl Exchange {
    pub fn new(
        client: Rc<ClientState>,
        endpoint: Endpoint,
        args: &Args,
        signal: Option<AbortSignal>,
        timeout_ms: Option<u32>,
    ) -> Result<Self, Error> {
        let route = endpoint.route();
        let path = route.path_and_query(client.options.route_style, args)?;
        let url = join(&[&client.base.origin, &client.base.prefix, &path]);
        let timeout_ms = timeout_ms.unwrap_or(client.options.timeout_ms);
        Ok(Exchange {
            client,
            route,
            url,
            signal,
            timeout_ms,
            retries: 0,
            redirects: 0,
            last: None,
        })
    }

    pub fn route(&self) -> &Route {
        &self.route
    }

    pub fn signal(&self) -> Option<&AbortSignal> {
        self.signal.as_ref()
    }

    pub fn client(&self) -> &ClientState {
        &self.client
    }

    /// The URL the next attempt goes to.
    #[cfg(feature = "npm")]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The per-attempt timeout (the JS driver's shared calls: each caller's
    /// own; both drivers: the longest wait for a token provider).
    #[cfg(any(feature = "npm", feature = "std"))]
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// The same call, following `signal` instead of the caller's, with
    /// `timeout_ms` per attempt (the JS driver's shared calls).
    #[cfg(feature = "npm")]
    pub fn fork(&self, signal: AbortSignal, timeout_ms: u32) -> Exchange {
        Exchange {
            client: self.client.clone(),
            url: self.url.clone(),
            signal: Some(signal),
            timeout_ms,
            last: None,
            ..*self
        }
    }

    /// The failure the last [`Step::Wait`] retries.
    #[cfg(feature = "npm")]
    pub fn take_failure(&mut self) -> Option<Error> {
        self.last.take()
    }

    /// The step before every attempt (the first, and after a redirect or a
    /// wait): send, unless the caller's signal has fired.
    pub fn start(&self) -> Step {
        if self
            .signal
            .as_ref()
            .is_some_and(crate::boundary::is_aborted)
        {
            Step::Fail(transport::aborted(&self.route))
        } else {
            Step::Send
        }
    }

    /// Starts the next attempt (`transport::begin`): a Promise of its
    /// outcome. The headers are read per attempt, so that a rotated token is
    /// used by retries. `controller`: the Rust driver's, which it aborts when
    /// its future is dropped; the JS driver never abandons an attempt.
    pub fn start_attempt(&self, controller: Option<&AbortController>) -> Promise {
        let attempt = Attempt {
            route: &self.route,
            url: &self.url,
            headers: &self.client.headers,
            timeout_ms: self.timeout_ms,
            signal: self.signal(),
            fetch: self.client.options.fetch.as_ref(),
        };
        transport::begin(&attempt, controller)
    }

    /// What an attempt's outcome (io.js) means decides the next step.
    pub fn received(&mut self, outcome: &JsValue) -> Step {
        match transport::classify(&self.route, self.timeout_ms, outcome) {
            Ok(Reply::Json(value)) => Step::Done(value),
            // Cold paths (ARCHITECTURE.md): a first call compiles only the
            // line above.
            Ok(Reply::Redirect(to, shown)) => self.cold_redirected(to, shown),
            Err(failure) => self.cold_failed(failure),
        }
    }

    /// Follows a redirect on the client's origin, up to [`MAX_REDIRECTS`];
    /// refuses any other (the token must not travel elsewhere).
    #[inline(never)]
    fn cold_redirected(&mut self, to: Option<String>, shown: Option<String>) -> Step {
        let base = &self.client.base;
        match to {
            Some(next) if base.same_origin(&next) && self.redirects < MAX_REDIRECTS => {
                self.redirects += 1;
                self.url = next;
                self.start()
            }
            to => Step::Fail(refused_redirect(
                &self.route,
                to.map(|_| shown.unwrap_or_default()).as_deref(),
                base,
                self.redirects,
            )),
        }
    }

    /// Retries a failed attempt or gives up, by the retry rules.
    #[inline(never)]
    fn cold_failed(&mut self, failure: Failure) -> Step {
        let wait = failure.error.retry_after_ms();
        let max_retries = self.client.options.max_retries;
        let random = js_sys::Math::random();
        match retry::decide(self.retries, max_retries, failure.retryable, wait, random) {
            Decision::GiveUp => Step::Fail(failure.error),
            Decision::RetryAfter(ms) => {
                self.last = Some(failure.error);
                Step::Wait(ms)
            }
        }
    }

    /// After a wait: `slept` is false when the caller's signal cut it short.
    pub fn waited(&mut self, slept: bool) -> Step {
        if !slept {
            return Step::Fail(transport::aborted(&self.route));
        }
        self.retries += 1;
        self.start()
    }
}

fn refused_redirect(route: &Route, origin: Option<&str>, base: &BaseUrl, redirects: u32) -> Error {
    let why = match origin {
        None => "the server answered with a redirect whose target this runtime hides; it is not followed".to_string(),
        Some(_) if redirects >= MAX_REDIRECTS => "more than 5 redirects".to_string(),
        // `origin`: the target's origin, cleaned by io.js.
        Some(origin) => {
            join(&["redirected to another origin (", origin, "); not followed, so the token stays with ", &base.origin])
        }
    };
    Error::at(route.name, ErrorKind::Network, &why)
}
