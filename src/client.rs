//! `Client<A>`: one client type per token kind, one generic `send` used by
//! every endpoint. `A` (`Public` or, with `server`, `Private`) decides which
//! token it takes, its default host and which endpoint methods exist.

use crate::config::{check_timeout, BaseUrl, ClientOptions};
use crate::error::Error;
use crate::routes::{Args, Endpoint, Route};
use crate::token::Secret;
use crate::transport::{self, Attempt, Reply};
use core::future::{Future, IntoFuture};
use core::marker::PhantomData;
use core::pin::Pin;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

// The sealed trait carries the crate-internal `Secret`; it cannot be named
// outside the crate, which is the point.
#[allow(private_interfaces)]
mod sealed {
    use super::*;

    /// What only the crate may know about an access kind.
    pub trait Sealed {
        type Token;
        const DEFAULT_BASE_URL: &'static str;
        fn secret(token: Self::Token) -> Secret;
        fn check_runtime() -> Result<(), Error> {
            Ok(())
        }
    }
}

/// The token kind a client is typed by. Sealed: `Public`, and `Private`
/// with the `server` feature.
pub trait Access: sealed::Sealed<Token = <Self as Access>::Token> + 'static {
    /// The token this client takes.
    type Token;
}

/// Marker for the public API (published events and tours).
#[derive(Clone, Copy, Debug)]
pub struct Public;
impl Access for Public {
    type Token = crate::PublicToken;
}
#[allow(private_interfaces)]
impl sealed::Sealed for Public {
    type Token = crate::PublicToken;
    const DEFAULT_BASE_URL: &'static str = "https://public-api.tixyapp.com";
    fn secret(token: Self::Token) -> Secret {
        token.0
    }
}

/// Marker for the private API (sales, statistics, marketing consent).
#[cfg(feature = "server")]
#[derive(Clone, Copy, Debug)]
pub struct Private;
#[cfg(feature = "server")]
impl Access for Private {
    type Token = crate::PrivateToken;
}
#[cfg(feature = "server")]
#[allow(private_interfaces)]
impl sealed::Sealed for Private {
    type Token = crate::PrivateToken;
    const DEFAULT_BASE_URL: &'static str = "https://private-api.tixyapp.com";
    fn secret(token: Self::Token) -> Secret {
        token.0
    }
    fn check_runtime() -> Result<(), Error> {
        crate::runtime::refuse_browser()
    }
}

struct Inner {
    base: BaseUrl,
    /// The request headers, token included (see `transport::headers`); the
    /// token itself is not kept anywhere else.
    headers: RefCell<web_sys::Headers>,
    options: ClientOptions,
}

/// A TIXY client. Cheap to clone (shared state); `!Send`, like everything
/// that holds JS values on wasm32.
pub struct Client<A: Access> {
    inner: Rc<Inner>,
    _access: PhantomData<A>,
}

impl<A: Access> Clone for Client<A> {
    fn clone(&self) -> Self {
        Client {
            inner: self.inner.clone(),
            _access: PhantomData,
        }
    }
}

impl<A: Access> core::fmt::Debug for Client<A> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.origin)
            .field("token", &"<redacted>")
            .field("route_style", &self.inner.options.route_style)
            .finish()
    }
}

impl<A: Access> Client<A> {
    /// A client for `token` with `options` (see [`ClientOptions::default`]).
    pub fn new(token: <A as Access>::Token, options: ClientOptions) -> Result<Self, Error> {
        <A as sealed::Sealed>::check_runtime()?;
        options.check()?;
        let base = BaseUrl::parse(
            options
                .base_url
                .as_deref()
                .unwrap_or(<A as sealed::Sealed>::DEFAULT_BASE_URL),
        )?;
        Ok(Client {
            inner: Rc::new(Inner {
                base,
                headers: RefCell::new(transport::headers(&<A as sealed::Sealed>::secret(token))),
                options,
            }),
            _access: PhantomData,
        })
    }

    /// Replaces the token for every later request (rotation without
    /// rebuilding the client). Requests already under way keep the old one.
    pub fn set_token(&self, token: <A as Access>::Token) {
        let headers = transport::headers(&<A as sealed::Sealed>::secret(token));
        self.inner.headers.replace(headers);
    }

    pub(crate) fn call<T>(&self, endpoint: Endpoint, args: Args) -> Call<'_, A, T> {
        Call {
            client: self,
            endpoint,
            args,
            signal: None,
            timeout_ms: None,
            _result: PhantomData,
        }
    }
}

impl Inner {
    /// The request loop shared by every endpoint of both clients (one
    /// non-generic future keeps the wasm small): one attempt, then retries
    /// and same-origin redirects as CONTRACT.md's retry rules say.
    async fn send(
        self: Rc<Self>,
        endpoint: Endpoint,
        args: Args,
        signal: Option<AbortSignal>,
        timeout_ms: Option<u32>,
    ) -> Result<JsValue, Error> {
        const MAX_REDIRECTS: u32 = 5;
        let route = endpoint.route();
        let signal = signal.as_ref();
        let opts = &self.options;
        let base = &self.base;
        let path = route.path_and_query(opts.route_style, &args);
        let mut url = crate::error::join(&[&base.origin, &base.prefix, &path]);
        let (mut retries, mut redirects) = (0, 0);
        loop {
            if signal.is_some_and(AbortSignal::aborted) {
                return Err(transport::aborted(&route));
            }
            // Read per attempt so that a rotated token is used by retries.
            let headers = self.headers.borrow().clone();
            let attempt = Attempt {
                route: &route,
                url: &url,
                headers: &headers,
                timeout_ms: timeout_ms.unwrap_or(opts.timeout_ms),
                signal,
                fetch: opts.fetch.as_ref(),
            };
            let failure = match transport::attempt(&attempt).await {
                Ok(Reply::Json(value)) => return Ok(value),
                Ok(Reply::Redirect(Some(next)))
                    if base.same_origin(&next) && redirects < MAX_REDIRECTS =>
                {
                    redirects += 1;
                    url = next;
                    continue;
                }
                Ok(Reply::Redirect(to)) => {
                    return Err(refused_redirect(&route, to.as_deref(), base, redirects))
                }
                Err(failure) => failure,
            };
            let wait = failure.error.retry_after_ms();
            match crate::retry::decide(
                retries,
                opts.max_retries,
                failure.retryable,
                wait,
                transport::random(),
            ) {
                crate::retry::Decision::GiveUp => return Err(failure.error),
                crate::retry::Decision::RetryAfter(ms) => {
                    if transport::sleep(ms, signal).await.is_err() {
                        return Err(transport::aborted(&route));
                    }
                    retries += 1;
                }
            }
        }
    }
}

fn refused_redirect(route: &Route, to: Option<&str>, base: &BaseUrl, redirects: u32) -> Error {
    let why = match to {
        None => "the server answered with a redirect whose target this runtime hides; it is not followed".to_string(),
        Some(_) if redirects >= 5 => "more than 5 redirects".to_string(),
        Some(to) => {
            let origin_end = to.match_indices('/').nth(2).map_or(to.len(), |(i, _)| i);
            let origin = to.get(..origin_end).unwrap_or(to);
            crate::error::join(&["redirected to another origin (", origin, "); not followed, so the token stays with ", &base.origin])
        }
    };
    Error::at(route, crate::ErrorKind::Network, &why)
}

/// The future of [`Call::send_raw`]: one concrete type for every endpoint.
pub type RawFuture = Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>;

/// How a successful body becomes the result type of a [`Call`].
pub trait Decode: Sized {
    /// Converts the checked JSON value; `Err` says what did not match.
    fn decode(value: JsValue) -> Result<Self, String>;
}

/// The typed models (sealed list in `model`): decoded with serde-wasm-bindgen.
pub trait Model: serde::de::DeserializeOwned {}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

impl<T: Model> Decode for T {
    fn decode(value: JsValue) -> Result<Self, String> {
        from_js(value)
    }
}

impl<T: Model> Decode for Vec<T> {
    fn decode(value: JsValue) -> Result<Self, String> {
        from_js(value)
    }
}

/// Undocumented shapes stay JSON values.
impl Decode for JsValue {
    fn decode(value: JsValue) -> Result<Self, String> {
        Ok(value)
    }
}

/// One prepared request. `.await` it for the typed result, or call
/// [`Call::send_raw`] for the host's own parsed JSON (with unknown fields).
#[must_use = "a Call does nothing until it is awaited"]
pub struct Call<'a, A: Access, T> {
    client: &'a Client<A>,
    endpoint: Endpoint,
    args: Args,
    signal: Option<AbortSignal>,
    timeout_ms: Option<u32>,
    _result: PhantomData<fn() -> T>,
}

impl<'a, A: Access, T> Call<'a, A, T> {
    /// Cancels the call when `signal` fires (kind `Aborted`, never retried).
    pub fn signal(mut self, signal: AbortSignal) -> Self {
        self.signal = Some(signal);
        self
    }

    /// Overrides the client's per-attempt timeout for this call.
    pub fn timeout_ms(mut self, ms: u32) -> Result<Self, Error> {
        self.timeout_ms = Some(check_timeout("timeoutMs", ms)?);
        Ok(self)
    }

    pub(crate) fn options(mut self, signal: Option<AbortSignal>, timeout_ms: Option<u32>) -> Self {
        self.signal = signal;
        self.timeout_ms = timeout_ms;
        self
    }

    /// Sends the request and returns the parsed JSON untouched (its shape
    /// checked: arrays are arrays, objects carry their `id`). The future
    /// owns what it needs, so it may outlive the `Call` and the client.
    pub fn send_raw(self) -> RawFuture {
        Box::pin(self.client.inner.clone().send(
            self.endpoint,
            self.args,
            self.signal,
            self.timeout_ms,
        ))
    }
}

impl<'a, A: Access, T: Decode + 'a> IntoFuture for Call<'a, A, T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let route = self.endpoint.route();
            let value = self.send_raw().await?;
            T::decode(value).map_err(|e| {
                let msg =
                    crate::error::join(&["the body does not match the documented model: ", &e]);
                Error::at(&route, crate::ErrorKind::Decode, &msg).with_status(200)
            })
        })
    }
}

/// The public client.
pub type PublicClient = Client<Public>;
/// The private client (`server` feature).
#[cfg(feature = "server")]
pub type PrivateClient = Client<Private>;
