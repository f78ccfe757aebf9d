//! The wasm-bindgen facade: `TixyClient`, `TixyPrivateClient` (`server`)
//! and `TixyError`, shaped exactly as CONTRACT.md promises. Arguments are
//! read from plain JS objects here; all logic lives in the core.

/// The body of every facade method: clone the client into a Promise, read
/// the per-call `{ signal, timeoutMs }`, build the core `Call`, send it and
/// hand back the host's parsed JSON. Parsing happens inside the Promise so
/// that bad arguments reject instead of throwing.
macro_rules! send {
    ($client:expr, $opts:ident, |$c:ident| $call:expr) => {{
        let $c = $client.clone();
        crate::js::promise(async move {
            let o = crate::js::options::call(&$opts)?;
            $call.options(o.signal, o.timeout_ms).send_raw().await
        })
    }};
}

mod options;
#[cfg(feature = "server")]
mod private;
mod public;

use crate::error::Error;
use core::future::Future;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/tixy_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(
        kind: &str,
        message: &str,
        status: Option<u16>,
        retry_after_ms: Option<u32>,
    ) -> JsValue;
    #[wasm_bindgen(js_name = errorClass)]
    fn error_class() -> JsValue;
}

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

/// The `TixyError` class, for the package entries to re-export.
#[wasm_bindgen(js_name = tixyErrorClass)]
pub fn tixy_error_class() -> JsValue {
    error_class()
}

/// Runs a call as a Promise that rejects with a `TixyError` (never throws
/// synchronously, so bad arguments reject like every other failure).
fn promise<F>(f: F) -> Promise
where
    F: Future<Output = Result<JsValue, Error>> + 'static,
{
    wasm_bindgen_futures::future_to_promise(async move { f.await.map_err(JsValue::from) })
}
