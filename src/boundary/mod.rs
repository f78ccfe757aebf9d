//! The one boundary between Rust and JS: every `#[wasm_bindgen] extern`
//! import of the crate (the JS beside this file: `io.js`, `runtime.js`,
//! `tixy_error.js`, and the field names made once as JS strings) and every
//! numeric code the two sides share. The codes are defined once, here; a
//! test below reads `io.js` and fails if it says otherwise.
//!
//! Nothing a caller passes may make one of these imports throw: a JS throw
//! unwinds through the wasm frames, leaks their shadow stack, and a few
//! thousand of them break the instance for good. So each import either
//! cannot throw (the JS side catches and returns a code) or says why not.

// Some codes are only read by io.js (and by the test below): they are here
// so that each is written down once.
#![allow(dead_code)]

use alloc::string::String;
use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsThreadLocal;
use web_sys::{AbortController, AbortSignal};

/// What an attempt's outcome (`attempt` in io.js) is: `Outcome::code`.
pub(crate) mod outcome {
    pub const JSON_OK: u8 = 0;
    pub const REDIRECT: u8 = 1;
    pub const HTTP_ERROR: u8 = 2;
    pub const NOT_JSON: u8 = 3;
    pub const BAD_JSON: u8 = 4;
    /// fetch or the body failed (a network error): `stage`, `text`.
    pub const FAILED: u8 = 5;
    /// The body is not of the route's shape (`routes::Shape`).
    pub const BAD_SHAPE: u8 = 6;
    /// [`FAILED`], and it looks like a browser's CORS refusal.
    pub const FAILED_CORS: u8 = 7;
    /// [`FAILED`] because the caller's signal fired.
    pub const ABORTED: u8 = 8;
    /// [`FAILED`] because the attempt's timer fired: `stage`.
    pub const TIMEOUT: u8 = 9;
}

/// The JS driver's next step (`drive` in io.js); a step of 0 or more is a
/// wait in milliseconds.
pub(crate) mod step {
    pub const SEND: i32 = -1;
    pub const DONE: i32 = -2;
    pub const FAIL: i32 = -3;
}

/// The top-level shape a route promises (`routes::Shape`), as io.js checks it.
pub(crate) mod shape {
    pub const LIST: u8 = 0;
    pub const OBJECT: u8 = 1;
    pub const ANY: u8 = 3;
}

/// What an argument is (`arg_kind`).
pub(crate) mod arg {
    pub const ABSENT: u8 = 0;
    pub const OBJECT: u8 = 1;
    /// An array, a function, a primitive, or an object that cannot be read.
    pub const OTHER: u8 = 2;
}

/// What `fit` returns when it does not return the string itself.
pub(crate) mod fit_code {
    pub const ABSENT: u32 = 0;
    pub const NOT_A_STRING: u32 = 1;
    pub const TOO_LONG: u32 = 2;
    pub const UNREADABLE: u32 = 3;
    /// A string with a lone surrogate, which wasm-bindgen would copy as
    /// U+FFFD.
    pub const LONE_SURROGATE: u32 = 4;
}

#[wasm_bindgen(module = "/src/boundary/io.js")]
extern "C" {
    /// An attempt's outcome: `code` (see [`outcome`]) says which fields are
    /// set; what is a yes or no (aborted, timed out, CORS) is in the code, a
    /// getter fewer each. Text fields come as JsValues and become strings
    /// with `as_string`: a getter typed `String` costs its own
    /// string-passing JS function.
    pub(crate) type Outcome;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn code(this: &Outcome) -> u8;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn status(this: &Outcome) -> u16;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn body(this: &Outcome) -> JsValue;
    /// Outside text, already cleaned by io.js (no token, no control or bidi
    /// characters, bounded); a redirect's target, untouched.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn text(this: &Outcome) -> JsValue;
    /// A redirect target's origin, cleaned for an error message.
    #[wasm_bindgen(method, getter)]
    pub(crate) fn shown(this: &Outcome) -> JsValue;
    /// A JsValue, not a string: it is whatever an injected fetch's
    /// `headers.get` returned, and wasm-bindgen's string conversion throws
    /// on anything else.
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    pub(crate) fn retry_after(this: &Outcome) -> JsValue;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn stage(this: &Outcome) -> JsValue;

    /// One GET: a Promise of its [`Outcome`], never rejected. io.js aborts
    /// `controller` on timeout and on the caller's signal; without one it
    /// makes its own.
    pub(crate) fn attempt(
        fetch: Option<&Function>,
        url: &str,
        headers: &JsValue,
        controller: Option<&AbortController>,
        timeout_ms: u32,
        signal: Option<&AbortSignal>,
        shape: u8,
    ) -> Promise;
    /// The client's request headers for `token`, in `holder` (a new one
    /// when `None`), which it returns (io.js `headers`); `None` where the
    /// runtime cannot build them, and then the holder's headers lose their
    /// token. One import for what `web_sys::Headers` did in three, each
    /// behind wasm-bindgen's `catch` glue.
    pub(crate) fn headers(token: Option<&str>, holder: Option<&JsValue>) -> Option<JsValue>;
    /// Resolves `true` after `ms`, or `false` at once when `signal` fires.
    pub(crate) fn sleep(ms: u32, signal: Option<&AbortSignal>) -> Promise;
    /// Milliseconds from now to an IMF-fixdate (negative when past), or NaN.
    #[wasm_bindgen(js_name = parseDate)]
    pub(crate) fn parse_date(text: &str) -> f64;

    /// What io.js's `parseUrl` returns for an absolute URL.
    type ParsedUrl;
    #[wasm_bindgen(js_name = parseUrl)]
    fn js_parse_url(raw: &str) -> Option<ParsedUrl>;
    #[wasm_bindgen(method, getter)]
    fn protocol(this: &ParsedUrl) -> String;
    #[wasm_bindgen(method, getter)]
    fn credentials(this: &ParsedUrl) -> bool;
    #[wasm_bindgen(method, getter)]
    fn hostname(this: &ParsedUrl) -> String;
    #[wasm_bindgen(method, getter)]
    fn origin(this: &ParsedUrl) -> String;
    #[wasm_bindgen(method, getter)]
    fn pathname(this: &ParsedUrl) -> String;

    /// What an argument is: [`arg::ABSENT`] (undefined or null),
    /// [`arg::OBJECT`] (an object that is not an array), anything else.
    #[wasm_bindgen(js_name = argKind)]
    pub(crate) fn arg_kind(v: &JsValue) -> u8;
    /// An AbortSignal the client can follow (the platform's of any realm, or
    /// a DOM shim's).
    #[wasm_bindgen(js_name = isSignal)]
    pub(crate) fn is_signal(v: &JsValue) -> bool;
    /// Whether a signal has fired, read so that no getter can throw into wasm.
    #[wasm_bindgen(js_name = isAborted)]
    pub(crate) fn is_aborted(signal: &AbortSignal) -> bool;
    /// `obj[key]`, or a symbol when a getter or Proxy trap throws.
    pub(crate) fn read(obj: &JsValue, key: &JsString) -> JsValue;
    /// `v` when a well-formed string of at most `max` characters, else a
    /// [`fit_code`].
    pub(crate) fn fit(v: &JsValue, max: u32) -> JsValue;

    /// A client constructor's options, read and type-checked in one call
    /// (io.js `readOptions`): `[state, bad, why, token, baseUrl, timeoutMs,
    /// maxRetries, path, fetch]`, see `js::options::client`.
    #[wasm_bindgen(js_name = readOptions)]
    pub(crate) fn read_options(
        options: &JsValue,
        token_key: &str,
        wrong_prefix: &str,
    ) -> js_sys::Array;
}

#[wasm_bindgen(module = "/src/boundary/io.js")]
extern "C" {
    /// The JS driver: runs a facade call (a `js::PendingCall`) to its end;
    /// the Promise settles with the body or a `TixyError`, and the call is
    /// freed.
    pub(crate) fn drive(call: JsValue) -> Promise;
}

#[cfg(feature = "server")]
#[wasm_bindgen(module = "/src/boundary/runtime.js")]
extern "C" {
    /// True in a browser page or worker (see `runtime.rs`).
    #[wasm_bindgen(js_name = browserGlobal)]
    pub(crate) fn browser_global() -> bool;
}

#[wasm_bindgen(module = "/src/boundary/tixy_error.js")]
extern "C" {
    /// A new `TixyError` (a JS class: only a JS class can extend `Error`).
    #[wasm_bindgen(js_name = makeError)]
    pub(crate) fn make_error(
        kind: &str,
        message: &str,
        status: Option<u16>,
        retry_after_ms: Option<u32>,
    ) -> JsValue;
    /// The `TixyError` class, after the client classes given are guarded.
    #[wasm_bindgen(js_name = errorClass)]
    pub(crate) fn error_class(client: &JsValue, private_client: &JsValue) -> JsValue;
}

/// What the host's URL parser (the one fetch uses) makes of `raw`; `None`
/// when it is not an absolute URL.
pub(crate) fn parse_url(raw: &str) -> Option<crate::config::UrlParts> {
    let url = js_parse_url(raw)?;
    Some(crate::config::UrlParts {
        protocol: url.protocol(),
        credentials: url.credentials(),
        hostname: url.hostname(),
        origin: url.origin(),
        pathname: url.pathname(),
    })
}

/// A field name of the facade's argument objects: its text for messages,
/// and the same name as a JS string that wasm-bindgen makes once at
/// start-up. A key made from `&str` on each read is decoded into a new JS
/// string that V8 then has to internalize for the lookup.
#[derive(Clone, Copy)]
pub(crate) struct Key {
    pub name: &'static str,
    pub js: &'static JsThreadLocal<JsString>,
    /// The longest string accepted, in UTF-16 units (JS `length`), checked
    /// before the string is copied: wasm memory, once grown, never shrinks.
    pub max: u32,
}

macro_rules! keys {
    ($($konst:ident / $stat:ident = $name:tt, $max:expr);* $(;)?) => {
        #[wasm_bindgen]
        extern "C" {
            $(
                #[wasm_bindgen(thread_local_v2, static_string)]
                static $stat: JsString = $name;
            )*
        }
        $(
            pub(crate) const $konst: Key = Key { name: $name, js: &$stat, max: $max };
        )*
    };
}

/// The facade's field names and their string limits (README, "Limits"): id
/// and slug as the core's checks, a token as `token::Secret`'s, a date is
/// exactly 10, and the few words of status and routeStyle fit in 16. Fields
/// that are not strings have none.
pub(crate) mod keys {
    use super::*;

    keys! {
        ID / ID_JS = "id", 256;
        SLUG / SLUG_JS = "slug", 256;
        STATUS / STATUS_JS = "status", 16;
        FROM / FROM_JS = "from", 10;
        TO / TO_JS = "to", 10;
        SIGNAL / SIGNAL_JS = "signal", 0;
        TIMEOUT_MS / TIMEOUT_MS_JS = "timeoutMs", 0;
        PUBLIC_TOKEN / PUBLIC_TOKEN_JS = "publicToken", 4096;
    }

    // Only in the server build: no private name reaches the browser's.
    #[cfg(feature = "server")]
    keys! {
        PRIVATE_TOKEN / PRIVATE_TOKEN_JS = "privateToken", 4096;
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// `NAME = number` of every `const` line in io.js.
    fn js_constants() -> Vec<(String, i64)> {
        let io = include_str!("io.js");
        io.lines()
            .filter_map(|l| l.trim().strip_prefix("const "))
            .flat_map(|l| {
                l.trim_end_matches(';')
                    .split(", ")
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter_map(|pair| {
                let (name, value) = pair.split_once(" = ")?;
                Some((name.trim().to_owned(), value.trim().parse().ok()?))
            })
            .collect()
    }

    #[test]
    fn io_js_and_rust_agree_on_every_code() {
        let js = js_constants();
        let expected: &[(&str, i64)] = &[
            ("JSON_OK", outcome::JSON_OK.into()),
            ("REDIRECT", outcome::REDIRECT.into()),
            ("HTTP_ERROR", outcome::HTTP_ERROR.into()),
            ("NOT_JSON", outcome::NOT_JSON.into()),
            ("BAD_JSON", outcome::BAD_JSON.into()),
            ("FAILED", outcome::FAILED.into()),
            ("BAD_SHAPE", outcome::BAD_SHAPE.into()),
            ("FAILED_CORS", outcome::FAILED_CORS.into()),
            ("ABORTED", outcome::ABORTED.into()),
            ("TIMEOUT", outcome::TIMEOUT.into()),
            ("SEND", step::SEND.into()),
            ("DONE", step::DONE.into()),
            ("FAIL", step::FAIL.into()),
            ("LIST", shape::LIST.into()),
            ("OBJECT", shape::OBJECT.into()),
            ("ANY", shape::ANY.into()),
            ("ARG_ABSENT", arg::ABSENT.into()),
            ("ARG_OBJECT", arg::OBJECT.into()),
            ("ARG_OTHER", arg::OTHER.into()),
            ("FIT_ABSENT", fit_code::ABSENT.into()),
            ("FIT_NOT_A_STRING", fit_code::NOT_A_STRING.into()),
            ("FIT_TOO_LONG", fit_code::TOO_LONG.into()),
            ("FIT_UNREADABLE", fit_code::UNREADABLE.into()),
            ("FIT_LONE_SURROGATE", fit_code::LONE_SURROGATE.into()),
            ("MAX_TIMEOUT", crate::config::MAX_TIMEOUT_MS.into()),
        ];
        for (name, value) in expected {
            let found: Vec<_> = js.iter().filter(|(n, _)| n == name).collect();
            assert_eq!(found.len(), 1, "io.js defines {name} {} times", found.len());
            assert_eq!(
                found[0].1, *value,
                "io.js says {name} = {}, Rust {value}",
                found[0].1
            );
        }
        // And io.js shares no code that Rust does not know.
        for (name, _) in &js {
            assert!(
                expected.iter().any(|(n, _)| n == name) || name == "ERROR_BODY_LIMIT",
                "io.js defines {name}, unknown to src/boundary.rs"
            );
        }
    }
}
