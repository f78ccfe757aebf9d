//! Text and byte helpers for the whole crate: building messages without
//! `core::fmt` (its machinery is heavy in wasm) and byte-level checks. A
//! leaf: it imports nothing from the crate.
//!
//! Byte-level rather than `char`-level where it would matter: `char`
//! machinery (UTF-8 decoding, Unicode tables) would otherwise be compiled on
//! a client's first use (ARCHITECTURE.md, "Cold paths").
use alloc::string::String;

/// A name as its reader spells it: the Rust name (`sales_event`,
/// `timeout_ms`) in the `std` build, which Rust users get, and the JS name
/// (`salesEvent`, `timeoutMs`) in the npm build, whose messages the contract
/// quotes. Only one of the two is compiled into a build.
#[cfg(feature = "std")]
macro_rules! api_name {
    ($js:literal, $rust:literal) => {
        $rust
    };
}
#[cfg(not(feature = "std"))]
macro_rules! api_name {
    ($js:literal, $rust:literal) => {
        $js
    };
}
pub(crate) use api_name;

/// Appends a number in decimal without `core::fmt` (heavy in wasm).
pub(crate) fn push_number(s: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().for_each(|&d| s.push(char::from(d)));
}

/// Concatenation without `format!` (core::fmt machinery is heavy in wasm).
pub(crate) fn join(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Whether `s` has a control character (Unicode's Cc, as `char::is_control`:
/// U+0000–U+001F and U+007F–U+009F), on bytes (see the module docs).
/// U+0080–U+009F are 0xC2 0x80–0x9F in UTF-8, and 0xC2 is only ever a lead
/// byte.
pub(crate) fn has_control(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c < 0x20 || c == 0x7f || (c == 0xc2 && matches!(b.get(i + 1), Some(0x80..=0x9f)))
    })
}

/// The length of `s` in UTF-16 units, as JS's `length` counts it (the npm
/// package's string limits, README "Limits"), on bytes: each byte that starts
/// a character counts one, and a four-byte one (beyond the BMP, a surrogate
/// pair in JS) one more.
pub(crate) fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| usize::from(b & 0xc0 != 0x80) + usize::from(b >= 0xf0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_length_on_bytes_matches_encode_utf16() {
        for s in [
            "",
            "abc",
            "é",
            "€",
            "😀",
            "a😀é€\u{10ffff}\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
        ] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s:?}");
        }
        let all: String = (0..=0x10ffff).filter_map(char::from_u32).collect();
        assert_eq!(utf16_len(&all), all.encode_utf16().count());
    }

    #[test]
    fn numbers_print_without_fmt() {
        for n in [0, 7, 10, 404, 65535, u32::MAX] {
            let mut s = String::from("x");
            push_number(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }

    #[test]
    fn control_characters_on_bytes_match_chars() {
        for s in [
            "", "abc", "a\u{0}b", "\u{7f}", "\u{80}", "\u{9f}", "\u{a0}", "é", "\u{2028}",
        ] {
            assert_eq!(has_control(s), s.chars().any(char::is_control), "{s:?}");
        }
    }
}
