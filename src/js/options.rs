//! Reads the facades' plain-object arguments into validated core types.
//! Every problem is an `invalid_input` error that names the field.
//!
//! Every call passes through here, so the reading is frugal with calls into
//! JS: one `argKind` per argument object, field names as JS strings made once
//! at start-up, the string check before the absent check.
//!
//! Nothing a caller passes may make a JS call from here throw: a throw would
//! unwind through the wasm frames and leak their shadow stack, and a few
//! thousand such calls break the instance for good. So the only imports
//! used are the ones that cannot throw (`typeof` checks) and io.js helpers
//! that catch. Strings are measured before they are copied into wasm (see
//! `Key::max`).

use crate::boundary::keys::*;
use crate::boundary::{self, arg, arg_kind, fit, is_signal, read, read_options, Key};
use crate::config::{check_timeout, ClientOptions};
use crate::error::Error;
use crate::params::{DateRange, Status, Target};
use crate::routes::RouteStyle;
use alloc::string::String;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

fn is_absent(v: &JsValue) -> bool {
    v.is_null_or_undefined()
}

/// An optional argument object: `None` when absent (undefined or null),
/// itself when an object that is not an array, an error otherwise.
fn object<'a>(v: &'a JsValue, what: &str) -> Result<Option<&'a JsValue>, Error> {
    match arg_kind(v) {
        arg::ABSENT => Ok(None),
        arg::OBJECT => Ok(Some(v)),
        _ => Err(Error::invalid_input(what, "must be an object")),
    }
}

/// `obj[key]` of an object that [`object`] accepted, `None` without one. A
/// getter or Proxy trap that throws reads as a symbol (io.js `read`), which
/// no field accepts (a string field says it "cannot be read"): ignoring it
/// instead would drop, say, the caller's signal without a word.
fn field(obj: Option<&JsValue>, key: Key) -> Option<JsValue> {
    let obj = obj?;
    Some(key.js.with(|k| read(obj, k)))
}

/// A field, `None` when it is absent (undefined or null).
fn opt_field(obj: Option<&JsValue>, key: Key) -> Option<JsValue> {
    field(obj, key).filter(|v| !is_absent(v))
}

fn opt_string(obj: Option<&JsValue>, key: Key) -> Result<Option<String>, Error> {
    match field(obj, key) {
        Some(v) => string(&v, key),
        None => Ok(None),
    }
}

/// `v` as a string of at most `key.max` units, `None` when absent; io.js
/// measures it before it is copied.
pub(crate) fn string(v: &JsValue, key: Key) -> Result<Option<String>, Error> {
    let v = fit(v, key.max);
    if let Some(s) = v.as_string() {
        return Ok(Some(s));
    }
    match v
        .as_f64()
        .map_or(boundary::fit_code::TOO_LONG, |code| code as u32)
    {
        boundary::fit_code::ABSENT => Ok(None),
        boundary::fit_code::NOT_A_STRING => Err(Error::invalid_input(key.name, "must be a string")),
        boundary::fit_code::TOO_LONG => Err(cold_too_long(key)),
        // The words of io.js `readOptions` for the constructor's strings.
        boundary::fit_code::LONE_SURROGATE => {
            Err(Error::invalid_input(key.name, "has a lone surrogate"))
        }
        _ => Err(Error::invalid_input(key.name, "cannot be read")),
    }
}

#[inline(never)]
fn cold_too_long(key: Key) -> Error {
    let mut msg = String::from("is longer than ");
    crate::text::push_number(&mut msg, key.max);
    msg.push_str(" characters");
    Error::invalid_input(key.name, &msg)
}

fn opt_whole_number(obj: Option<&JsValue>, key: Key, max: u32) -> Result<Option<u32>, Error> {
    let Some(v) = opt_field(obj, key) else {
        return Ok(None);
    };
    match v.as_f64() {
        Some(n) if (0.0..=f64::from(max)).contains(&n) && f64::from(n as u32) == n => {
            Ok(Some(n as u32))
        }
        _ => Err(Error::invalid_input(
            key.name,
            "must be a whole number in range",
        )),
    }
}

/// `{ status? }` of list methods; absent means `all`.
pub(crate) fn status(args: &JsValue) -> Result<Status, Error> {
    let args = object(args, "argument")?;
    opt_string(args, STATUS)?.map_or(Ok(Status::All), |s| Status::parse(&s))
}

/// `{ from?, to? }`, read from the same object as `status` or on its own.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub(crate) fn range(args: &JsValue) -> Result<DateRange, Error> {
    let args = object(args, "range")?;
    DateRange::parse(
        opt_string(args, FROM)?.as_deref(),
        opt_string(args, TO)?.as_deref(),
    )
}

/// `{ id } | { slug }`: exactly one of the two.
pub(crate) fn target(args: &JsValue) -> Result<Target, Error> {
    let Some(args) = object(args, "argument")? else {
        return Err(Error::invalid_input("argument", "pass { id } or { slug }"));
    };
    let args = Some(args);
    match (opt_string(args, ID)?, opt_string(args, SLUG)?) {
        (Some(id), None) => Target::id(id),
        (None, Some(slug)) => Target::slug(slug),
        (Some(_), Some(_)) => Err(Error::invalid_input(
            "argument",
            "pass either id or slug, not both",
        )),
        (None, None) => Err(Error::invalid_input("argument", "pass { id } or { slug }")),
    }
}

/// `{ id }` of the marketing statistics endpoints.
#[cfg(feature = "server")]
pub(crate) fn path_id(args: &JsValue) -> Result<crate::params::ResourceId, Error> {
    match target(args)? {
        Target::Id(id) => Ok(id),
        Target::Slug(_) => Err(Error::invalid_input("argument", "pass { id }")),
    }
}

/// `{ signal?, timeoutMs? }` of every method.
pub(crate) struct CallOptions {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<u32>,
}

pub(crate) fn call(opts: &JsValue) -> Result<CallOptions, Error> {
    let opts = object(opts, "options")?;
    let signal = opt_field(opts, SIGNAL)
        .map(|signal| match is_signal(&signal) {
            true => Ok(signal.unchecked_into::<AbortSignal>()),
            false => Err(Error::invalid_input("signal", "must be an AbortSignal")),
        })
        .transpose()?;
    let timeout_ms = opt_whole_number(opts, TIMEOUT_MS, u32::MAX)?
        .map(|ms| check_timeout("timeoutMs", ms))
        .transpose()?;
    Ok(CallOptions { signal, timeout_ms })
}

/// The token (`None`: a token provider), the shared options of both
/// client constructors, and the client's JS state. io.js reads and
/// type-checks them in one call (`readOptions`); the value rules (token
/// form, `baseUrl`, ranges) stay in Rust, shared with Rust users. Any key
/// starting with `wrong_prefix` (the other token kind) is refused with
/// `wrong_hint`. Matching a prefix rather than naming the other client's key
/// keeps private names out of the browser build entirely.
pub(crate) fn client(
    options: &JsValue,
    token_key: Key,
    wrong_prefix: &str,
    wrong_hint: &str,
) -> Result<(Option<String>, ClientOptions, JsValue), Error> {
    // `[state, bad, why, token, baseUrl, timeoutMs, maxRetries, path,
    // fetch]`: the client's JS state, or `bad` names the wrong option and
    // `why` says how (none: the other token kind's option).
    let o = read_options(options, token_key.name, wrong_prefix);
    if let Some(field) = o.get(1).as_string() {
        let why = o.get(2).as_string();
        return Err(Error::invalid_input(
            &field,
            why.as_deref().unwrap_or(wrong_hint),
        ));
    }
    let defaults = ClientOptions::default();
    // Slot 7 is 1 for `"path"` (a number: read with the import every
    // number takes, not one of its own for truthiness).
    let route_style = match o.get(7).as_f64() == Some(1.0) {
        true => RouteStyle::Path,
        false => RouteStyle::Query,
    };
    // Read as whole numbers only: `Client::new` checks their ranges, once
    // for both the facade and Rust callers.
    let number = |i, default| o.get(i).as_f64().map_or(default, |n| n as u32);
    let options = ClientOptions {
        base_url: o.get(4).as_string(),
        timeout_ms: number(5, defaults.timeout_ms),
        max_retries: number(6, defaults.max_retries),
        route_style,
        // A function or undefined (readOptions checked): no `typeof` import.
        fetch: Some(o.get(8))
            .filter(|f| !f.is_null_or_undefined())
            .map(JsCast::unchecked_into),
    };
    Ok((o.get(3).as_string(), options, o.get(0)))
}
