//! Reads the facades' plain-object arguments into validated core types.
//! Every problem is an `invalid_input` error that names the field.

use crate::config::{check_timeout, ClientOptions, MAX_RETRIES_LIMIT};
use crate::error::Error;
use crate::params::{DateRange, Status, Target};
use crate::routes::RouteStyle;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

fn is_absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// `obj[key]`, where an absent object reads as all-absent.
fn field(obj: &JsValue, key: &str) -> JsValue {
    if is_absent(obj) {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// An optional argument object: absent, or a plain object.
fn object(v: &JsValue, what: &str) -> Result<(), Error> {
    if is_absent(v) || (v.is_object() && !js_sys::Array::is_array(v) && !v.is_function()) {
        Ok(())
    } else {
        Err(Error::invalid_input(what, "must be an object"))
    }
}

fn opt_string(obj: &JsValue, key: &str) -> Result<Option<String>, Error> {
    let v = field(obj, key);
    if is_absent(&v) {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| Error::invalid_input(key, "must be a string"))
}

fn opt_whole_number(obj: &JsValue, key: &str, max: u32) -> Result<Option<u32>, Error> {
    let v = field(obj, key);
    if is_absent(&v) {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n) => Ok(Some(n as u32)),
        _ => Err(Error::invalid_input(key, "must be a whole number in range")),
    }
}

/// `{ status? }` of list methods; absent means `all`.
pub(crate) fn status(args: &JsValue) -> Result<Status, Error> {
    object(args, "argument")?;
    opt_string(args, "status")?.map_or(Ok(Status::All), |s| Status::parse(&s))
}

/// `{ from?, to? }`, read from the same object as `status` or on its own.
#[cfg_attr(not(feature = "server"), allow(dead_code))]
pub(crate) fn range(args: &JsValue) -> Result<DateRange, Error> {
    object(args, "range")?;
    DateRange::parse(
        opt_string(args, "from")?.as_deref(),
        opt_string(args, "to")?.as_deref(),
    )
}

/// `{ id } | { slug }`: exactly one of the two.
pub(crate) fn target(args: &JsValue) -> Result<Target, Error> {
    if is_absent(args) {
        return Err(Error::invalid_input("argument", "pass { id } or { slug }"));
    }
    object(args, "argument")?;
    match (opt_string(args, "id")?, opt_string(args, "slug")?) {
        (Some(id), None) => Target::id(id),
        (None, Some(slug)) => Target::slug(slug),
        (Some(_), Some(_)) => Err(Error::invalid_input(
            "argument",
            "pass either id or slug, not both",
        )),
        (None, None) => Err(Error::invalid_input("argument", "pass { id } or { slug }")),
    }
}

/// `{ signal?, timeoutMs? }` of every method.
pub(crate) struct CallOptions {
    pub signal: Option<AbortSignal>,
    pub timeout_ms: Option<u32>,
}

pub(crate) fn call(opts: &JsValue) -> Result<CallOptions, Error> {
    object(opts, "options")?;
    let signal = field(opts, "signal");
    let signal = if is_absent(&signal) {
        None
    } else {
        Some(
            signal
                .dyn_into::<AbortSignal>()
                .map_err(|_| Error::invalid_input("signal", "must be an AbortSignal"))?,
        )
    };
    let timeout_ms = opt_whole_number(opts, "timeoutMs", u32::MAX)?
        .map(|ms| check_timeout("timeoutMs", ms))
        .transpose()?;
    Ok(CallOptions { signal, timeout_ms })
}

/// The token and the shared options of both client constructors. Any key
/// starting with `wrong_prefix` (the other token kind) is refused with
/// `wrong_hint`. Matching a prefix rather than naming the other client's key
/// keeps private names out of the browser build entirely.
pub(crate) fn client(
    options: &JsValue,
    token_key: &str,
    wrong_prefix: &str,
    wrong_hint: &str,
) -> Result<(String, ClientOptions), Error> {
    if is_absent(options) {
        return Err(Error::invalid_input(
            "options",
            "pass an object with a token",
        ));
    }
    object(options, "options")?;
    let keys = js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>());
    if let Some(key) = keys
        .iter()
        .filter_map(|k| k.as_string())
        .find(|k| k.starts_with(wrong_prefix))
    {
        return Err(Error::invalid_input(&key, wrong_hint));
    }
    let token = opt_string(options, token_key)?
        .ok_or_else(|| Error::invalid_input(token_key, "is required"))?;
    let defaults = ClientOptions::default();
    let route_style = match opt_string(options, "routeStyle")?.as_deref() {
        None | Some("query") => RouteStyle::Query,
        Some("path") => RouteStyle::Path,
        Some(_) => {
            return Err(Error::invalid_input(
                "routeStyle",
                "must be \"query\" or \"path\"",
            ))
        }
    };
    let fetch = field(options, "fetch");
    let fetch = if is_absent(&fetch) {
        None
    } else {
        Some(
            fetch
                .dyn_into::<Function>()
                .map_err(|_| Error::invalid_input("fetch", "must be a function"))?,
        )
    };
    let timeout_ms = match opt_whole_number(options, "timeoutMs", u32::MAX)? {
        Some(ms) => check_timeout("timeoutMs", ms)?,
        None => defaults.timeout_ms,
    };
    let options = ClientOptions {
        base_url: opt_string(options, "baseUrl")?,
        timeout_ms,
        max_retries: opt_whole_number(options, "maxRetries", MAX_RETRIES_LIMIT)?
            .unwrap_or(defaults.max_retries),
        route_style,
        fetch,
    };
    Ok((token, options))
}
