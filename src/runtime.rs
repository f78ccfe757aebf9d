//! Where the code runs. The private client refuses browser-like runtimes
//! (a page, or a browser worker): the private token must never be there.
//! Detection follows openai-node: `window` + `document`, or a
//! `WorkerGlobalScope` that is not workerd, Node, Deno or Bun.

use crate::error::{Error, ErrorKind};
use js_sys::Reflect;
use wasm_bindgen::JsValue;

fn global(path: &[&str]) -> JsValue {
    path.iter()
        .fold(js_sys::global().into(), |obj: JsValue, key| {
            if obj.is_undefined() || obj.is_null() {
                return JsValue::UNDEFINED;
            }
            Reflect::get(&obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        })
}

fn defined(path: &[&str]) -> bool {
    !global(path).is_undefined()
}

/// True in a browser page or a browser (dedicated/shared/service) worker.
pub(crate) fn is_browser_like() -> bool {
    let server_runtime = defined(&["process", "versions", "node"])
        || defined(&["Deno", "version"])
        || defined(&["Bun", "version"])
        || global(&["navigator", "userAgent"]).as_string().as_deref() == Some("Cloudflare-Workers");
    let page = defined(&["window"]) && defined(&["document"]);
    let worker = defined(&["WorkerGlobalScope"]) && defined(&["importScripts"]);
    // A page is a page even where a bundler polyfilled `process`.
    page || (worker && !server_runtime)
}

pub(crate) fn refuse_browser() -> Result<(), Error> {
    if is_browser_like() {
        return Err(Error::new(
            ErrorKind::BrowserRuntime,
            "TixyPrivateClient refuses to run in a browser: the private token (sales, statistics, client e-mails) must stay on a server or an edge function. Call your own backend from the page instead, or use TixyClient with a public token.".into(),
        ));
    }
    Ok(())
}
