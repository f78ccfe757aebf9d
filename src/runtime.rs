//! Where the code runs. The private client refuses browser-like runtimes
//! (a page, or a browser worker): the private token must never be there.
//!
//! The test rests on one trait of the global object that no script can give
//! or take away: a browser's global (`Window`, and the dedicated, shared and
//! service `WorkerGlobalScope`s) is an immutable-prototype exotic object
//! (WebIDL `[Global]`), so `Reflect.setPrototypeOf` on it fails. Node (with
//! jsdom, global-jsdom or happy-dom too), Deno (whose global is a `Window`
//! by class), Bun, workerd (a `ServiceWorkerGlobalScope` by class) and
//! Vercel's edge-runtime all have ordinary globals, checked by giving one a
//! new prototype and its own back (`src/boundary/runtime.js`). Globals such
//! as `self`, `window`, `process`, `importScripts` or `WorkerGlobalScope`
//! are not read: any script can set or delete them.
//!
//! What a script could still do is lie through the functions the test uses,
//! or make its global non-extensible (which defeats the test): either one
//! counts as a browser. The functions are taken when the module loads and
//! must read as native code; a non-extensible global is refused (no server
//! runtime has one). A script that also rewrites `Function.prototype.toString`
//! before this module loads is beyond what a check inside the page can see.

use crate::boundary::browser_global;
use crate::error::{Error, ErrorKind};

/// True in a browser page or a browser (dedicated/shared/service) worker.
pub(crate) fn is_browser_like() -> bool {
    browser_global()
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
