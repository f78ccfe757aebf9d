//! The error type and the one place where HTTP statuses become error kinds.
//! Messages are built from static text, the endpoint name and numbers only:
//! no token can reach them (server-provided text is cleaned first, in
//! `src/boundary/io.js`). A leaf of the crate: it knows nothing of routes or
//! clients; what a message says about an endpoint comes in as
//! [`EndpointFacts`].

use crate::text::{join, push_number};
use alloc::string::String;
use core::fmt;

/// What went wrong, as a stable machine-readable kind (`err.kind` in JS;
/// docs/reference.md, "Errors").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A bad argument, caught before any request was sent.
    InvalidInput,
    /// HTTP 401: TIXY did not accept the token.
    InvalidToken,
    /// HTTP 403: the token may be the wrong kind (public vs private).
    AccessDenied,
    /// HTTP 404.
    NotFound,
    /// Any other 4xx.
    BadRequest,
    /// HTTP 429 after the retries.
    RateLimited,
    /// HTTP 5xx after the retries.
    Server,
    /// fetch failed (DNS, refused, reset, CORS) after the retries.
    Network,
    /// An attempt outlived its timeout (after the retries).
    Timeout,
    /// The caller's signal fired.
    Aborted,
    /// The body is not the JSON the endpoint promises.
    Decode,
    /// The private client was constructed in a browser-like runtime.
    BrowserRuntime,
}

impl ErrorKind {
    /// The JS spelling (`err.kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::InvalidToken => "invalid_token",
            ErrorKind::AccessDenied => "access_denied",
            ErrorKind::NotFound => "not_found",
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Server => "server",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Decode => "decode",
            ErrorKind::BrowserRuntime => "browser_runtime",
        }
    }

    /// The kind of a non-success HTTP status; `None` for 1xx–3xx.
    pub fn from_status(status: u16) -> Option<ErrorKind> {
        Some(match status {
            401 => ErrorKind::InvalidToken,
            403 => ErrorKind::AccessDenied,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimited,
            400..=499 => ErrorKind::BadRequest,
            500..=599 => ErrorKind::Server,
            _ => return None,
        })
    }
}

/// A failed call. `Display` gives a message that names the endpoint, the
/// status and what to do; it never contains a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    status: Option<u16>,
    retry_after_ms: Option<u32>,
    message: String,
}

/// What an error message says about the endpoint called; made by
/// `routes::Route::facts`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EndpointFacts {
    /// The method name users call: `events`, `salesEvent`.
    pub name: &'static str,
    /// Which token it needs: " needs a public token (a private token is
    /// refused here)", or the private one's sentence.
    pub needs: &'static str,
    /// Whether a call names one event or tour (by id or slug).
    pub one_item: bool,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: String) -> Self {
        Error {
            kind,
            status: None,
            retry_after_ms: None,
            message,
        }
    }

    pub(crate) fn invalid_input(field: &str, problem: &str) -> Self {
        Error::new(
            ErrorKind::InvalidInput,
            join(&["invalid ", field, ": ", problem]),
        )
    }

    /// An error about one endpoint: "`events`: …".
    pub(crate) fn at(endpoint: &str, kind: ErrorKind, detail: &str) -> Self {
        Error::new(kind, join(&[endpoint, ": ", detail]))
    }

    /// The error for a non-success HTTP status. `server_says` is the API's
    /// own error text, already stripped of the token by the caller.
    pub(crate) fn from_response(
        endpoint: &EndpointFacts,
        status: u16,
        server_says: Option<&str>,
        retry_after_ms: Option<u32>,
    ) -> Self {
        let kind = ErrorKind::from_status(status).unwrap_or(ErrorKind::Decode);
        // TIXY's troubleshooting: "Invalid Token" (copy the token again from
        // the panel) and "Access Denied" (the wrong token type). Which status
        // a token of the wrong kind gets is undocumented, so 401 names both.
        let EndpointFacts {
            name,
            needs,
            one_item,
        } = *endpoint;
        let what: &[&str] = match kind {
            ErrorKind::InvalidToken => &[
                " invalid token: TIXY did not accept the token. Either it is not the one made in the TIXY panel (mistyped, revoked or regenerated: copy it again from the panel's API Settings), or it is the wrong kind: ",
                name,
                needs,
            ],
            ErrorKind::AccessDenied => &[
                " access denied: the token may be the wrong kind; verify you are using the correct token type: ",
                name,
                needs,
                "; see the TIXY panel's API Settings",
            ],
            ErrorKind::NotFound if one_item => &[
                " not found: the id or slug may be wrong, or belong to another organizer's token",
            ],
            ErrorKind::NotFound => &[" not found"],
            ErrorKind::RateLimited => &[" rate limited"],
            ErrorKind::Server => &[" server error"],
            ErrorKind::BadRequest => &[" bad request"],
            _ => &[" unexpected status"],
        };
        let mut message = join(&[name, ": HTTP "]);
        push_number(&mut message, u32::from(status));
        what.iter().for_each(|part| message.push_str(part));
        if let Some(says) = server_says.filter(|s| !s.is_empty()) {
            message.push_str(" (server said: ");
            message.push_str(says);
            message.push(')');
        }
        Error {
            kind,
            status: Some(status),
            retry_after_ms,
            message,
        }
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status, when a response was received; also 401 for an
    /// [`ErrorKind::InvalidToken`] from a token provider that failed (CONTRACT.md).
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// How long the server asked to wait (`Retry-After`), when it said.
    pub fn retry_after_ms(&self) -> Option<u32> {
        self.retry_after_ms
    }

    /// The human-readable message (also `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// `?` in any `Box<dyn std::error::Error (+ Send + Sync)>` context, and
/// `wasm_bindgen::JsError` (wasm-bindgen converts every `std::error::Error`).
/// `core::error::Error` is `std::error::Error`, and needs no `std` (1.81).
impl core::error::Error for Error {}

/// `?` in a workers-rs handler (`worker` feature): the message becomes a
/// `worker::Error::RustError`, which workers-rs reports as a JS `Error`.
/// Implemented here because the orphan rule allows it nowhere else.
#[cfg(feature = "worker")]
#[cfg_attr(docsrs, doc(cfg(feature = "worker")))]
impl From<Error> for worker::Error {
    fn from(error: Error) -> Self {
        worker::Error::RustError(error.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_mark_works_with_boxed_errors() {
        fn boxed() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
            Err(Error::invalid_input("status", "must be \"all\""))?;
            Ok(())
        }
        let e = boxed().unwrap_err();
        assert_eq!(e.to_string(), "invalid status: must be \"all\"");
        // The typed error survives the box.
        let kind = e.downcast_ref::<Error>().map(Error::kind);
        assert_eq!(kind, Some(ErrorKind::InvalidInput));
    }

    #[test]
    fn statuses_map_to_contract_kinds() {
        let cases = [
            (400, Some(ErrorKind::BadRequest)),
            (401, Some(ErrorKind::InvalidToken)),
            (403, Some(ErrorKind::AccessDenied)),
            (404, Some(ErrorKind::NotFound)),
            (405, Some(ErrorKind::BadRequest)),
            (408, Some(ErrorKind::BadRequest)),
            (422, Some(ErrorKind::BadRequest)),
            (429, Some(ErrorKind::RateLimited)),
            (499, Some(ErrorKind::BadRequest)),
            (500, Some(ErrorKind::Server)),
            (503, Some(ErrorKind::Server)),
            (599, Some(ErrorKind::Server)),
            (200, None),
            (204, None),
            (302, None),
            (600, None),
        ];
        for (status, kind) in cases {
            assert_eq!(ErrorKind::from_status(status), kind, "{status}");
        }
    }

    #[test]
    fn kind_strings_are_the_contracts() {
        let all = [
            ErrorKind::InvalidInput,
            ErrorKind::InvalidToken,
            ErrorKind::AccessDenied,
            ErrorKind::NotFound,
            ErrorKind::BadRequest,
            ErrorKind::RateLimited,
            ErrorKind::Server,
            ErrorKind::Network,
            ErrorKind::Timeout,
            ErrorKind::Aborted,
            ErrorKind::Decode,
            ErrorKind::BrowserRuntime,
        ];
        let strs: Vec<_> = all.iter().map(|k| k.as_str()).collect();
        assert_eq!(strs.join(","), "invalid_input,invalid_token,access_denied,not_found,bad_request,rate_limited,server,network,timeout,aborted,decode,browser_runtime");
    }
}
