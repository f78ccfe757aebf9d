//! Reading response fields as tolerantly as TIXY's spec (which requires no
//! field, `id` included; docs/reference.md, "Results"):
//! no single odd field fails a whole response.
//!
//! Every model field is read through [`field`] (the `models!` macro adds it):
//! - a field that is missing, `null`, or of another JSON type than documented
//!   reads as absent (`None`, or an empty list);
//! - a number where a string is documented (`price`, `vatRate`, `ageLimit`)
//!   is kept as its text, and a numeric string where a number is documented
//!   is read as the number;
//! - a list item of the wrong JSON type is skipped; the others are kept.
//!
//! The reading visits the value once (`deserialize_any`), without buffering
//! it, so it costs about what a strict derive does.

use alloc::borrow::ToOwned;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A value that can be read from any JSON value: `None` when the value is
/// not of a kind it accepts. Each method receives one kind of JSON value.
pub(crate) trait FromJson: Sized {
    fn from_text(_: &str) -> Option<Self> {
        None
    }
    fn from_number(_: Number) -> Option<Self> {
        None
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    /// A JSON array; the default skips it.
    fn from_array<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    /// A JSON object; the default skips it.
    fn from_object<'de, A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// A JSON number as the deserializer gave it (integers keep their digits).
#[derive(Clone, Copy)]
pub(crate) enum Number {
    Int(i64),
    Uint(u64),
    Float(f64),
}

impl FromJson for String {
    fn from_text(s: &str) -> Option<Self> {
        Some(s.to_owned())
    }
    fn from_number(n: Number) -> Option<Self> {
        Some(match n {
            Number::Int(i) => i.to_string(),
            Number::Uint(u) => u.to_string(),
            Number::Float(f) if f.is_finite() => f.to_string(),
            Number::Float(_) => return None,
        })
    }
}

impl FromJson for f64 {
    fn from_number(n: Number) -> Option<Self> {
        Some(match n {
            Number::Int(i) => i as f64,
            Number::Uint(u) => u as f64,
            Number::Float(f) => f,
        })
    }
    fn from_text(s: &str) -> Option<Self> {
        s.trim().parse::<f64>().ok().filter(|f| f.is_finite())
    }
}

impl FromJson for bool {
    fn from_bool(b: bool) -> Option<Self> {
        Some(b)
    }
}

/// The one visitor: dispatches each kind of JSON value to `T`.
struct Any<T>(PhantomData<T>);

impl<T> Any<T> {
    fn new() -> Self {
        Any(PhantomData)
    }
}

impl<'de, T: FromJson> Visitor<'de> for Any<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(T::from_bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(T::from_number(Number::Int(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(T::from_number(Number::Uint(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(T::from_number(Number::Float(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(T::from_text(v))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::from_array(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::from_object(map)
    }
}

impl<'de, T: FromJson> DeserializeSeed<'de> for Any<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A list keeps the items `T` accepts, in order.
impl<T: FromJson> FromJson for Vec<T> {
    fn from_array<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(Any::<T>::new())? {
            items.extend(item);
        }
        Ok(Some(items))
    }
}

/// A field type the models use: `Option<T>` or `Vec<T>` of a [`FromJson`].
pub(crate) trait Field: Sized {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

impl<T: FromJson> Field for Option<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Any::<T>::new())
    }
}

/// Anything but an array reads as an empty list.
impl<T: FromJson> Field for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(d.deserialize_any(Any::<Vec<T>>::new())?.unwrap_or_default())
    }
}

/// `#[serde(default, deserialize_with = "…::field")]` on every model field.
pub(crate) fn field<'de, D: Deserializer<'de>, T: Field>(d: D) -> Result<T, D::Error> {
    T::read(d)
}

/// A model read from a JSON object (the `models!` macro implements
/// [`FromJson`] with it).
pub(crate) fn object<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: A,
) -> Result<Option<T>, A::Error> {
    T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
}
