//! Typed response models, field names exactly as TIXY spells them (typos
//! included). Every field but an object's `id` is optional, and unknown
//! fields are ignored rather than rejected: use `Call::send_raw` to see
//! fields this crate does not model yet. Numbers are `f64`; fields TIXY
//! sends as strings (`price`, `vatRate`, `ageLimit`) stay strings.

mod public;
pub use public::*;

#[cfg(feature = "server")]
mod marketing;
#[cfg(feature = "server")]
mod sales;
#[cfg(feature = "server")]
mod statistics;
#[cfg(feature = "server")]
pub use {marketing::*, sales::*, statistics::*};

/// Declares response models, registered as `Model`s for `Call`. Missing
/// `Option` fields read as `None`, and every `Vec` field carries
/// `#[serde(default)]`; only `id` (a plain `String`) is required.
macro_rules! models {
    ($(
        $(#[$meta:meta])*
        pub struct $name:ident { $($body:tt)* }
    )*) => {$(
        $(#[$meta])*
        ///
        /// Fields carry the API's own names (see the module docs).
        #[allow(missing_docs)]
        #[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
        #[non_exhaustive]
        pub struct $name { $($body)* }
        impl crate::client::Model for $name {}
    )*};
}
pub(crate) use models;

#[cfg(test)]
mod tests;
