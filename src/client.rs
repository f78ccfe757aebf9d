//! `Client<A>`: one client type per token kind, one `Call` (and one
//! `Exchange`, see `exchange.rs`) used by every endpoint. `A` (`Public` or,
//! with `server`, `Private`) decides which token it takes, its default host
//! and which endpoint methods exist.

use crate::boundary;
use crate::config::{check_timeout, BaseUrl, ClientOptions};
use crate::error::Error;
use crate::exchange::{ClientState, Exchange};
use crate::routes::{Args, Endpoint};
use crate::token::Secret;
use crate::transport;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;
use core::marker::PhantomData;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;
#[cfg(feature = "std")]
use {
    alloc::{boxed::Box, vec::Vec},
    core::future::{Future, IntoFuture},
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
    /// [`ErrorKind::InvalidToken`](crate::ErrorKind::InvalidToken). It yields
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

    fn build(
        token: Option<<A as Access>::Token>,
        options: ClientOptions,
        js: JsValue,
        provider: Option<js_sys::Function>,
    ) -> Result<Self, Error> {
        <A as sealed::Sealed>::check_runtime()?;
        options.check()?;
        let raw = (options.base_url.as_deref()).unwrap_or(<A as sealed::Sealed>::DEFAULT_BASE_URL);
        let parts = boundary::parse_url(raw);
        let base = BaseUrl::new(raw, parts.as_ref(), <A as sealed::Sealed>::PUBLIC)?;
        Ok(Client {
            inner: Rc::new(ClientState {
                base,
                headers: RefCell::new(transport::headers(
                    token.map(<A as sealed::Sealed>::secret).as_ref(),
                )?),
                options,
                js,
                provider,
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
    /// arguments cannot be sent in the client's route style.
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
}

#[cfg(feature = "std")]
impl<'a, A: Access, T: Decode + 'a> IntoFuture for Call<'a, A, T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let route = self.endpoint.route();
            let value = self.send_raw().await?;
            T::decode(value).map_err(|e| {
                let msg =
                    crate::text::join(&["the body does not match the documented model: ", &e]);
                Error::at(route.name, crate::error::ErrorKind::Decode, &msg).with_status(200)
            })
        })
    }
}

/// The public client.
pub type PublicClient = Client<Public>;
/// The private client (`server` feature).
#[cfg(feature = "server")]
pub type PrivateClient = Client<Private>;
