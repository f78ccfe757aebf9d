//! `Client<A>`: one client type per token kind, one `Call` (and one
//! `Exchange`, see `exchange.rs`) used by every endpoint. `A` (`Public` or,
//! with `server`, `Private`) decides which token it takes, its default host
//! and which endpoint methods exist.

use crate::boundary;
use crate::config::{BaseUrl, ClientOptions};
use crate::error::Error;
use crate::exchange::{ClientState, Exchange};
use crate::routes::{Args, Endpoint};
use crate::token::Secret;
use crate::transport;
use alloc::rc::Rc;
use alloc::string::String;
#[cfg(feature = "std")]
use core::cell::RefCell;
use core::marker::PhantomData;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;
#[cfg(feature = "std")]
use {
    alloc::{boxed::Box, vec::Vec},
    core::future::Future,
    core::pin::Pin,
    wasm_bindgen::JsCast,
};

// The sealed trait carries the crate-internal `Secret`; it cannot be named
// outside the crate, which is the point.
#[allow(private_interfaces)]
mod sealed {
    use super::*;

    /// What only the crate may know about an access kind.
    pub trait Sealed {
        type Token;
        const DEFAULT_BASE_URL: &'static str;
        /// The public client refuses the private API's host as its base URL.
        const PUBLIC: bool = false;
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
    type Token = crate::token::PublicToken;
}
#[allow(private_interfaces)]
impl sealed::Sealed for Public {
    type Token = crate::token::PublicToken;
    const DEFAULT_BASE_URL: &'static str = "https://public-api.tixyapp.com";
    const PUBLIC: bool = true;
    fn secret(token: Self::Token) -> Secret {
        token.0
    }
}

/// Marker for the private API (sales, statistics, marketing consent).
#[cfg(feature = "server")]
#[cfg_attr(docsrs, doc(cfg(feature = "server")))]
#[derive(Clone, Copy, Debug)]
pub struct Private;
#[cfg(feature = "server")]
impl Access for Private {
    type Token = crate::token::PrivateToken;
}
#[cfg(feature = "server")]
#[allow(private_interfaces)]
impl sealed::Sealed for Private {
    type Token = crate::token::PrivateToken;
    const DEFAULT_BASE_URL: &'static str = "https://private-api.tixyapp.com";
    fn secret(token: Self::Token) -> Secret {
        token.0
    }
    fn check_runtime() -> Result<(), Error> {
        crate::runtime::refuse_browser()
    }
}

/// A TIXY client. Cheap to clone (shared state); `!Send`, like everything
/// that holds JS values on wasm32.
pub struct Client<A: Access> {
    inner: Rc<ClientState>,
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
        Self::with_js(Some(token), options, JsValue::UNDEFINED)
    }

    /// The npm facade's constructor: `token` is `None` when the token comes
    /// from a provider (io.js calls it at the first call); `js` is the
    /// client's JS state (io.js `readOptions`).
    pub(crate) fn with_js(
        token: Option<<A as Access>::Token>,
        options: ClientOptions,
        js: JsValue,
    ) -> Result<Self, Error> {
        Self::build(token, options, js, None)
    }

    /// A client whose token comes from `provider`, for a token kept in a
    /// secret store, a KV binding or a rotated Worker secret. The provider
    /// is called at the first call (not here), once for all the calls
    /// waiting on it, and once more after a 401, after which the request is
    /// repeated once; a second 401 is final. A provider that fails, or gives
    /// a token that is not valid, fails the call with
    /// [`ErrorKind::InvalidToken`](crate::ErrorKind::InvalidToken), status 401. It yields
    /// the client's own token type, so a public client's provider cannot
    /// yield a [`PrivateToken`](crate::PrivateToken) (which exists only with
    /// `server`).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), tixy_connect::Error> {
    /// use tixy_connect::{ClientOptions, PublicClient, PublicToken};
    ///
    /// async fn from_secret_store() -> Result<PublicToken, tixy_connect::Error> {
    ///     PublicToken::new("the-current-token")
    /// }
    /// let tixy = PublicClient::with_token_provider(from_secret_store, ClientOptions::default())?;
    /// let events = tixy.events(tixy_connect::Status::Published).await?;
    /// # Ok(()) }
    /// ```
    // A Rust user's API (the npm facade takes a JS function instead): its
    // promise comes from wasm-bindgen-futures, which only `std` builds link.
    #[cfg(feature = "std")]
    pub fn with_token_provider<F, Fut>(provider: F, options: ClientOptions) -> Result<Self, Error>
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<<A as Access>::Token, Error>> + 'static,
    {
        let provider = move || {
            let token = provider();
            wasm_bindgen_futures::future_to_promise(async move {
                match token.await {
                    Ok(token) => Ok(<A as sealed::Sealed>::secret(token).expose().into()),
                    Err(_) => Err(JsValue::UNDEFINED),
                }
            })
        };
        let provider = wasm_bindgen::closure::Closure::<dyn Fn() -> js_sys::Promise>::new(provider);
        let provider = provider.into_js_value().unchecked_into();
        Self::build(None, options, JsValue::UNDEFINED, Some(provider))
    }

    // `provider` is a Rust user's (`std` builds); the npm build's client has
    // no field for it.
    #[cfg_attr(not(feature = "std"), allow(unused_variables))]
    fn build(
        token: Option<<A as Access>::Token>,
        options: ClientOptions,
        js: JsValue,
        provider: Option<js_sys::Function>,
    ) -> Result<Self, Error> {
        <A as sealed::Sealed>::check_runtime()?;
        options.check()?;
        let raw = (options.base_url.as_deref()).unwrap_or(<A as sealed::Sealed>::DEFAULT_BASE_URL);
        // The parts are a temporary, gone at the end of the statement: not
        // live (and dropped) on every later exit.
        let public = <A as sealed::Sealed>::PUBLIC;
        let base = BaseUrl::new(raw, boundary::parse_url(raw).as_ref(), public)?;
        Ok(Client {
            inner: Rc::new(ClientState {
                base,
                // The npm facade's JS state holds the headers too, so that
                // io.js redacts the token from the URL its hooks see; a Rust
                // user's `js` is undefined, and io.js makes a holder.
                headers: transport::headers(
                    token.map(<A as sealed::Sealed>::secret).as_ref(),
                    Some(&js),
                )?,
                options,
                js,
                #[cfg(feature = "std")]
                provider,
                #[cfg(feature = "std")]
                pending: RefCell::new((0, None)),
            }),
            _access: PhantomData,
        })
    }

    /// Replaces the token for every later request (rotation without
    /// rebuilding the client). Requests already under way keep the old one.
    pub fn set_token(&self, token: <A as Access>::Token) {
        self.inner.set_token(&<A as sealed::Sealed>::secret(token));
    }

    pub(crate) fn call<T>(&self, endpoint: Endpoint, args: Args) -> Call<'_, A, T> {
        Call {
            client: self,
            endpoint,
            args,
            signal: None,
            timeout_ms: None,
            #[cfg(feature = "std")]
            running: None,
            _result: PhantomData,
        }
    }
}

/// The endpoint methods of a client, from a table of `public.rs` or
/// `private.rs`: each one line, a route and its parameters in, a [`Call`] out.
macro_rules! client_methods {
    ($client:ident, $access:ident, $facade:ident; $(
        $(#[$doc:meta])*
        $rust:ident $js:literal ($($jsarg:ident),*)
            { $($param:ident : $pty:ty = $read:ident($from:ident)),* }
            -> $out:ty = $endpoint:ident, $args:expr;
    )*) => {
        impl $client {
            $(
                $(#[$doc])*
                pub fn $rust(&self, $($param: $pty),*) -> Call<'_, $access, $out> {
                    self.call(Endpoint::$endpoint, $args)
                }
            )*
        }
    };
}
pub(crate) use client_methods;

/// The future of [`Call::send_raw`]: one concrete type for every endpoint.
#[cfg(feature = "std")]
pub type RawFuture = Pin<Box<dyn Future<Output = Result<JsValue, Error>>>>;

/// How a successful body becomes the result type of a [`Call`].
pub trait Decode: Sized {
    /// Converts the checked JSON value; `Err` says what did not match.
    fn decode(value: JsValue) -> Result<Self, String>;
}

/// The typed models (sealed list in `model`): decoded with serde-wasm-bindgen.
pub trait Model: serde::de::DeserializeOwned {}

#[cfg(feature = "std")]
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

#[cfg(feature = "std")]
impl<T: Model> Decode for T {
    fn decode(value: JsValue) -> Result<Self, String> {
        from_js(value)
    }
}

/// A list keeps its objects; an item that is not an object is skipped
/// (only the top-level shape is checked; docs/reference.md, "Results").
#[cfg(feature = "std")]
impl<T: Model> Decode for Vec<T> {
    fn decode(value: JsValue) -> Result<Self, String> {
        let items: js_sys::Array = value.dyn_into().map_err(|_| "expected an array")?;
        items
            .iter()
            .filter(|item| item.is_object() && !js_sys::Array::is_array(item))
            .map(from_js)
            .collect()
    }
}

/// Undocumented shapes stay JSON values.
impl Decode for JsValue {
    fn decode(value: JsValue) -> Result<Self, String> {
        Ok(value)
    }
}

/// One prepared request, and the future of its typed result.
///
/// A `Call` is a [`Future`] (in the default `std` build): `.await` it, or hand it to `futures::join!`,
/// `futures::select!` (after `.fuse()`, as for any future) or
/// `futures::future::join_all`. Nothing is sent until it is first polled;
/// dropping it before it completes aborts the request. Before that,
/// [`Call::signal`] and [`Call::timeout`] adjust it; [`Call::send_raw`]
/// sends it for the host's own parsed JSON (with unknown fields) instead.
///
/// ```no_run
/// # #[cfg(feature = "std")]
/// # async fn demo(tixy: tixy_connect::PublicClient) -> Result<(), tixy_connect::Error> {
/// use tixy_connect::Status;
/// let (events, tours) = futures::join!(tixy.events(Status::All), tixy.tours(Status::All));
/// println!("{} events, {} tours", events?.len(), tours?.len());
/// # Ok(()) }
/// ```
#[must_use = "a Call does nothing until it is awaited"]
pub struct Call<'a, A: Access, T> {
    client: &'a Client<A>,
    endpoint: Endpoint,
    args: Args,
    signal: Option<AbortSignal>,
    timeout_ms: Option<u32>,
    /// The request under way, from the first poll on (Rust build only:
    /// the npm facade never polls a call and carries none of this). Not generic over
    /// `T` (decoding happens when it is done): the npm facade builds calls
    /// of every result type, and a generic field would cost each one.
    #[cfg(feature = "std")]
    running: Option<RawFuture>,
    _result: PhantomData<fn() -> T>,
}

impl<'a, A: Access, T> Call<'a, A, T> {
    /// Cancels the call when `signal` fires (kind `Aborted`, never retried).
    pub fn signal(mut self, signal: AbortSignal) -> Self {
        self.signal = Some(signal);
        self
    }

    /// Overrides the client's per-attempt timeout for this call. Cannot
    /// fail: a duration is rounded up to whole milliseconds, at least 1 ms,
    /// and one longer than the host's timers can wait (2^31-1 ms, about 24.8
    /// days) waits that long.
    pub fn timeout(mut self, timeout: core::time::Duration) -> Self {
        self.timeout_ms = Some(timeout_to_ms(timeout));
        self
    }

    #[cfg(feature = "npm")]
    pub(crate) fn options(mut self, signal: Option<AbortSignal>, timeout_ms: Option<u32>) -> Self {
        self.signal = signal;
        self.timeout_ms = timeout_ms;
        self
    }

    /// Sends the request and returns the parsed JSON untouched (its shape
    /// checked: an array or an object, as the route documents). The future
    /// owns what it needs, so it may outlive the `Call` and the client.
    #[cfg(feature = "std")]
    pub fn send_raw(self) -> RawFuture {
        let exchange = self.exchange();
        Box::pin(async move { crate::rust_driver::run(exchange?).await })
    }

    /// The call's state machine, for a driver to run; `Err` when the
    /// arguments cannot be sent in the client's route style. Consumes the
    /// call, so that the npm facade drops it here, in one place for every
    /// result type, rather than in each of its methods.
    pub(crate) fn exchange(self) -> Result<Exchange, Error> {
        let inner = self.client.inner.clone();
        Exchange::new(
            inner,
            self.endpoint,
            &self.args,
            self.signal,
            self.timeout_ms,
        )
    }

    /// [`Call::exchange`] for a call that stays (a polled `Call`).
    #[cfg(feature = "std")]
    fn start(&mut self) -> Result<Exchange, Error> {
        let inner = self.client.inner.clone();
        Exchange::new(
            inner,
            self.endpoint,
            &self.args,
            self.signal.take(),
            self.timeout_ms,
        )
    }
}

/// `ceil(timeout)` in milliseconds, within what `setTimeout` accepts.
fn timeout_to_ms(timeout: core::time::Duration) -> u32 {
    let ms = timeout.as_nanos().div_ceil(1_000_000);
    ms.clamp(1, u128::from(crate::config::MAX_TIMEOUT_MS)) as u32
}

#[cfg(feature = "std")]
impl<A: Access, T: Decode> Future for Call<'_, A, T> {
    type Output = Result<T, Error>;

    fn poll(
        self: Pin<&mut Self>,
        cx: &mut core::task::Context<'_>,
    ) -> core::task::Poll<Self::Output> {
        // `Call` is `Unpin`: the request's own future is boxed.
        let this = self.get_mut();
        if this.running.is_none() {
            let exchange = this.start();
            this.running = Some(Box::pin(
                async move { crate::rust_driver::run(exchange?).await },
            ));
        }
        // Always `Some` here; `let else` rather than a panicking unwrap.
        let Some(running) = this.running.as_mut() else {
            return core::task::Poll::Pending;
        };
        let value = core::task::ready!(running.as_mut().poll(cx))?;
        core::task::Poll::Ready(T::decode(value).map_err(|e| {
            let msg = crate::text::join(&["the body does not match the documented model: ", &e]);
            Error::at(
                this.endpoint.route().name,
                crate::error::ErrorKind::Decode,
                &msg,
            )
            .with_status(200)
        }))
    }
}

/// The public client: published and past-due events and tours, with a
/// [`PublicToken`](crate::PublicToken) (fine to ship in a browser).
///
/// ```no_run
/// # async fn demo(public_token: String) -> Result<(), tixy_connect::Error> {
/// use tixy_connect::{ClientOptions, PublicClient, PublicToken, Status, Target};
///
/// let tixy = PublicClient::new(PublicToken::new(public_token)?, ClientOptions::default())?;
/// for event in tixy.events(Status::Published).await? {
///     println!("{:?} ends {:?}", event.name, event.dates.and_then(|d| d.end));
/// }
/// let tour = tixy.tour(Target::slug("spring-tour")?).await?;
/// println!("{:?}", tour.name);
/// # Ok(()) }
/// ```
pub type PublicClient = Client<Public>;
/// The private client (`server` feature): sales, ticket statistics and
/// marketing consent, with a [`PrivateToken`](crate::PrivateToken). It
/// refuses to start in a browser (kind `BrowserRuntime`).
///
/// ```no_run
/// # async fn demo(private_token: String) -> Result<(), tixy_connect::Error> {
/// use tixy_connect::{ClientOptions, DateRange, PrivateClient, PrivateToken, Status};
///
/// let tixy = PrivateClient::new(PrivateToken::new(private_token)?, ClientOptions::default())?;
/// let range = DateRange::parse(Some("2026-01-01"), Some("2026-06-30"))?;
/// for report in tixy.sales_events(Status::All, range).await? {
///     println!("{:?}: {:?}", report.name, report.income.and_then(|i| i.gross_income));
/// }
/// # Ok(()) }
/// ```
#[cfg(feature = "server")]
#[cfg_attr(docsrs, doc(cfg(feature = "server")))]
pub type PrivateClient = Client<Private>;

#[cfg(test)]
mod tests {
    use super::timeout_to_ms;
    use core::time::Duration;

    #[test]
    fn any_duration_is_a_valid_timeout() {
        let cases = [
            (Duration::ZERO, 1),
            (Duration::from_nanos(1), 1),
            (Duration::from_micros(1500), 2),
            (Duration::from_millis(250), 250),
            (Duration::from_secs(30), 30_000),
            (Duration::from_millis(i32::MAX as u64), i32::MAX as u32),
            (Duration::from_millis(i32::MAX as u64 + 1), i32::MAX as u32),
            (Duration::MAX, i32::MAX as u32),
        ];
        for (d, ms) in cases {
            assert_eq!(timeout_to_ms(d), ms, "{d:?}");
        }
    }
}
