//! API tokens. Each kind is its own type so that a private token cannot be
//! handed to the public client (or the other way round) by mistake, and
//! neither can ever be printed: `Debug` and `Display` are redacted.

use crate::error::Error;
use alloc::string::String;
use core::fmt;

/// The text of a token, kept away from every formatter.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    /// Checks what would make a token unusable in an `Authorization` header.
    /// The messages never quote the token: fetch implementations quote bad
    /// header values in their own errors, which is why we check first.
    pub(crate) fn new(kind: &'static str, value: String) -> Result<Self, Error> {
        if value.is_empty() {
            return Err(Error::invalid_input(kind, "the token is empty"));
        }
        if value.len() > 4096 {
            return Err(Error::invalid_input(
                kind,
                "the token is longer than 4096 bytes",
            ));
        }
        if !value.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
            return Err(Error::invalid_input(
                kind,
                "the token has a space, a control character or a non-ASCII character (copied with extra text?)",
            ));
        }
        Ok(Secret(value))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

macro_rules! token_type {
    ($(#[$doc:meta])* $name:ident, $label:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(pub(crate) Secret);

        impl $name {
            /// Checks the token's form (non-empty, visible ASCII, at most 4096 bytes).
            pub fn new(token: impl Into<String>) -> Result<Self, Error> {
                Secret::new($label, token.into()).map($name)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }
    };
}

token_type!(
    /// A TIXY **public** token: reads published and past-due events and tours.
    /// Fine to ship in a browser.
    PublicToken,
    crate::text::api_name!("publicToken", "PublicToken")
);

#[cfg(feature = "server")]
token_type!(
    /// A TIXY **private** token: sales, statistics and client e-mails.
    /// Exists only with the `server` feature: it must never reach a browser.
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    PrivateToken,
    crate::text::api_name!("privateToken", "PrivateToken")
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let t = PublicToken::new("tixy_pub_SECRET123").unwrap();
        assert_eq!(format!("{t:?}"), "PublicToken(<redacted>)");
        assert_eq!(format!("{t}"), "<redacted>");
        assert_eq!(format!("{:?}", t.0), "<redacted>");
        assert_eq!(t.0.expose(), "tixy_pub_SECRET123");
    }

    #[test]
    fn bad_tokens_are_invalid_input_without_echo() {
        for bad in ["", "abc def", "abc\ndef", "tok\u{e9}n", "\u{0}"] {
            let e = PublicToken::new(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput, "{bad:?}");
            if !bad.is_empty() {
                assert!(!e.to_string().contains(bad), "{e}");
            }
        }
        assert!(PublicToken::new("x".repeat(4097)).is_err());
        assert!(PublicToken::new("x".repeat(4096)).is_ok());
    }
}
