//! Typed response models, field names exactly as TIXY spells them (typos
//! included). Every field is optional, `id` included (the spec requires
//! none of them), unknown fields are ignored rather than rejected, and no
//! single odd field fails a response (see `tolerant.rs`): use
//! `Call::send_raw` to see fields this crate does not model yet. Numbers
//! are `f64`; fields TIXY sends as strings (`price`, `vatRate`, `ageLimit`)
//! stay strings, and a number sent there is kept as its text.

mod public;
pub(crate) mod tolerant;
pub use public::*;

#[cfg(feature = "server")]
mod marketing;
#[cfg(feature = "server")]
mod sales;
#[cfg(feature = "server")]
mod statistics;
#[cfg(feature = "server")]
pub use {marketing::*, sales::*, statistics::*};

/// Declares response models, registered as `Model`s for `Call`. Every
/// field is read by `tolerant::field`: missing, `null` or mistyped values
/// read as `None` (or an empty list), never as an error.
macro_rules! models {
    ($(
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $fty:ty ),* $(,)?
        }
    )*) => {$(
        $(#[$meta])*
        ///
        /// Fields carry the API's own names (see the module docs), on input
        /// and on output: `serde::Serialize` writes TIXY's spelling
        /// (`allowResale`, `ticket_statistics`), absent fields as `null`.
        #[allow(missing_docs)]
        #[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(default, deserialize_with = "crate::model::tolerant::field")]
                pub $field: $fty,
            )*
        }
        impl crate::client::Model for $name {}
        impl crate::model::tolerant::FromJson for $name {
            fn from_object<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
                crate::model::tolerant::object(map)
            }
        }
    )*};
}
pub(crate) use models;

#[cfg(test)]
mod tests;
