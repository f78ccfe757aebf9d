//! The wasm-bindgen facade: `TixyClient`, `TixyPrivateClient` (`server`)
//! and `TixyError`, shaped as docs/reference.md describes. Arguments are
//! read from plain JS objects here; all logic lives in the core.

/// The body of every facade method: read the per-call `{ signal,
/// timeoutMs }` and the arguments, build the core `Call`, and start it.
/// Bad arguments give a rejected Promise, like every other failure.
macro_rules! send {
    ($client:expr, $opts:ident, |$c:ident| $call:expr) => {{
        let $c = &$client;
        crate::js::start((|| {
            let o = crate::js::options::call(&$opts)?;
            $call.options(o.signal, o.timeout_ms).exchange()
        })())
    }};
}

/// The facade methods of a client class, from the same table as the Rust
/// methods (`public.rs`, `private.rs`): each JS argument is read by the
/// row's reader (`options.rs`) into the Rust method's parameters.
macro_rules! facade_methods {
    ($client:ident, $access:ident, $facade:ident; $(
        $(#[$doc:meta])*
        $rust:ident $js:literal ($($jsarg:ident),*)
            { $($param:ident : $pty:ty = $read:ident($from:ident)),* }
            -> $out:ty = $endpoint:ident, $args:expr;
    )*) => {
        #[wasm_bindgen(js_class = $facade)]
        impl $facade {
            $(
                #[wasm_bindgen(js_name = $js)]
                pub fn $rust(&self, $($jsarg: JsValue,)* opts: JsValue) -> Promise {
                    send!(self.0, opts, |c| c.$rust($(crate::js::options::$read(&$from)?),*))
                }
            )*
        }
    };
}

mod options;
mod pending_call;
#[cfg(feature = "server")]
mod private;
mod public;

pub(crate) use pending_call::PendingCall;

use crate::boundary::make_error;
use crate::error::Error;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        make_error(
            e.kind().as_str(),
            e.message(),
            e.status(),
            e.retry_after_ms(),
        )
    }
}

/// The `TixyError` class, for the package entries to re-export. The entries
/// pass their client classes, whose methods `src/boundary/tixy_error.js` then makes safe
/// to call on a freed client, and `free()` at any time.
///
/// Only in the server build, for code that loads its glue unbundled (the
/// browser suites do): the package's loaders, bundled with the glue
/// (`scripts/build.sh`), import `errorClass` from the snippet itself, which
/// spares the browser's wasm this round trip.
#[cfg(feature = "server")]
#[wasm_bindgen(js_name = tixyErrorClass)]
pub fn tixy_error_class(client: &JsValue, private_client: &JsValue) -> JsValue {
    crate::boundary::error_class(client, private_client)
}

/// Runs a call as a Promise that rejects with a `TixyError`, driven from JS
/// (`PendingCall`). Not generic: one driver serves every method.
fn start(call: Result<crate::exchange::Exchange, Error>) -> Promise {
    match call {
        Ok(exchange) => PendingCall::run(exchange),
        Err(e) => Promise::reject(&e.into()),
    }
}
