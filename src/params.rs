//! Request parameters, parsed once into types so that a bad value is caught
//! before any request is sent. Nothing here reaches the network as a raw string.

use crate::error::Error;
use crate::text::{has_control, utf16_len};
use alloc::string::String;

/// Which events or tours a list endpoint returns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// Published and past-due (the API's default).
    #[default]
    All,
    /// Currently published.
    Published,
    /// Their date has passed.
    PastDue,
}

impl Status {
    /// Parses the API's spelling: `all`, `published` or `pastdue`.
    pub fn parse(value: &str) -> Result<Self, Error> {
        match value {
            "all" => Ok(Status::All),
            "published" => Ok(Status::Published),
            "pastdue" => Ok(Status::PastDue),
            _ => Err(Error::invalid_input(
                "status",
                "must be \"all\", \"published\" or \"pastdue\"",
            )),
        }
    }

    /// The wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::All => "all",
            Status::Published => "published",
            Status::PastDue => "pastdue",
        }
    }
}

/// An event or tour id. TIXY documents 24 hex characters but its own examples
/// show UUIDs, so ids stay opaque: only what would break a URL is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceId(String);

impl ResourceId {
    /// Refuses only what would break a URL (ids are opaque to the client;
    /// TIXY's docs show both hex ids and UUIDs): an empty
    /// id, `/`, control characters, and `.`/`..` (which would rewrite the
    /// path in the quickstart form). Everything else is percent-encoded.
    /// At most 256 characters as JS counts them (UTF-16 units), the npm
    /// package's limit: 256 `é` are 512 bytes and fit.
    pub fn new(id: impl Into<String>) -> Result<Self, Error> {
        let id = id.into();
        let breaks_url = id.is_empty()
            || utf16_len(&id) > 256
            || id.bytes().all(|b| b == b'.')
            || id.bytes().any(|b| b == b'/')
            || has_control(&id);
        if breaks_url {
            return Err(Error::invalid_input(
                "id",
                "must be a non-empty id of at most 256 characters without '/' or control characters",
            ));
        }
        Ok(ResourceId(id))
    }

    /// The id as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An SEO slug: letters, digits, `-`, `_` and `.` (as TIXY documents).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    /// Checks the documented character set; `.` and `..` alone are refused
    /// because they would rewrite the path in the quickstart route form.
    pub fn new(slug: impl Into<String>) -> Result<Self, Error> {
        let slug = slug.into();
        let valid = !slug.is_empty()
            && slug.len() <= 256
            && !slug.bytes().all(|b| b == b'.')
            && slug
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !valid {
            return Err(Error::invalid_input(
                "slug",
                "must be 1-256 letters, digits, '-', '_' or '.'",
            ));
        }
        Ok(Slug(slug))
    }

    /// The slug as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One event or tour, named by id or by slug (never both: the type says so).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// By id (`eventId` / `tourId`).
    Id(ResourceId),
    /// By slug (`eventSlug` / `tourSlug`).
    Slug(Slug),
}

impl Target {
    /// Shorthand for `Target::Id(ResourceId::new(id)?)`.
    pub fn id(id: impl Into<String>) -> Result<Self, Error> {
        ResourceId::new(id).map(Target::Id)
    }

    /// Shorthand for `Target::Slug(Slug::new(slug)?)`.
    pub fn slug(slug: impl Into<String>) -> Result<Self, Error> {
        Slug::new(slug).map(Target::Slug)
    }

    pub(crate) fn value(&self) -> &str {
        match self {
            Target::Id(id) => id.as_str(),
            Target::Slug(slug) => slug.as_str(),
        }
    }
}

/// A calendar date, `YYYY-MM-DD`, checked against the real calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD`; `2024-02-30` and `2024-13-01` are refused.
    pub fn parse(field: &'static str, value: &str) -> Result<Self, Error> {
        let b = value.as_bytes();
        let digits = |r: core::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let parsed = (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
            .then(|| Some((digits(0..4)?, digits(5..7)?, digits(8..10)?)))
            .flatten();
        match parsed {
            Some((y, m, d))
                if y >= 1 && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m) =>
            {
                Ok(Date {
                    year: y as u16,
                    month: m as u8,
                    day: d as u8,
                })
            }
            _ => Err(Error::invalid_input(
                field,
                "must be a calendar date written YYYY-MM-DD",
            )),
        }
    }

    /// The wire form, `YYYY-MM-DD`.
    pub fn to_iso(self) -> String {
        let mut s = String::with_capacity(10);
        push_padded(&mut s, u32::from(self.year), 4);
        s.push('-');
        push_padded(&mut s, u32::from(self.month), 2);
        s.push('-');
        push_padded(&mut s, u32::from(self.day), 2);
        s
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn push_padded(s: &mut String, n: u32, width: u32) {
    let mut div = 10u32.pow(width - 1);
    while div > 0 {
        s.push(char::from(b'0' + ((n / div) % 10) as u8));
        div /= 10;
    }
}

/// The `from`/`to` window of sales and statistics reports. Omitted ends
/// default server-side to the earliest available date and today.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateRange {
    from: Option<Date>,
    to: Option<Date>,
}

impl DateRange {
    /// The whole history (both ends omitted).
    pub const ALL: DateRange = DateRange {
        from: None,
        to: None,
    };

    /// A window; `from` later than `to` is refused.
    pub fn new(from: Option<Date>, to: Option<Date>) -> Result<Self, Error> {
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(Error::invalid_input("from", "is later than `to`"));
            }
        }
        Ok(DateRange { from, to })
    }

    /// Parses both ends from their `YYYY-MM-DD` strings.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Self, Error> {
        let from = from.map(|f| Date::parse("from", f)).transpose()?;
        let to = to.map(|t| Date::parse("to", t)).transpose()?;
        DateRange::new(from, to)
    }

    pub(crate) fn from(&self) -> Option<Date> {
        self.from
    }

    pub(crate) fn to(&self) -> Option<Date> {
        self.to
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn status_round_trips_and_rejects_others() {
        for s in [Status::All, Status::Published, Status::PastDue] {
            assert_eq!(Status::parse(s.as_str()).unwrap(), s);
        }
        for bad in ["", "ALL", "past_due", "draft", "published "] {
            assert_eq!(
                Status::parse(bad).unwrap_err().kind(),
                ErrorKind::InvalidInput
            );
        }
    }

    #[test]
    fn ids_are_opaque_but_cannot_break_urls() {
        for ok in [
            "65f1c0ffee0123456789abcd",
            "550e8400-e29b-41d4-a716-446655440000",
            "a b",
            "x&y=1",
            "a?b",
            "a#b",
            "a\\b",
            "a%2F",
        ] {
            assert!(ResourceId::new(ok).is_ok(), "{ok}");
        }
        for ok in ["\u{a0}", "ÿ", "é", "\u{7e}"] {
            assert!(ResourceId::new(ok).is_ok(), "{ok:?}");
        }
        for bad in [
            "", "a/b", "a\nb", ".", "..", "...", "\u{7f}", "\u{80}", "a\u{85}", "\u{9f}",
        ] {
            assert_eq!(
                ResourceId::new(bad).unwrap_err().kind(),
                ErrorKind::InvalidInput,
                "{bad:?}"
            );
        }
        assert!(ResourceId::new("a".repeat(257)).is_err());
    }

    /// The limit is the one the npm package measures (README, "Limits"): 256
    /// JS characters (UTF-16 units), not 256 UTF-8 bytes.
    #[test]
    fn the_id_limit_counts_characters_as_js_does() {
        for ok in [
            "é".repeat(256),
            "€".repeat(256),
            "😀".repeat(128),
            "a".repeat(256),
        ] {
            assert!(
                ResourceId::new(ok.as_str()).is_ok(),
                "{} units",
                ok.encode_utf16().count()
            );
        }
        for bad in [
            "é".repeat(257),
            "😀".repeat(129),
            ["a".repeat(255), "😀".into()].concat(),
        ] {
            assert!(
                ResourceId::new(bad.as_str()).is_err(),
                "{} units",
                bad.encode_utf16().count()
            );
        }
    }

    #[test]
    fn slugs_follow_the_documented_charset() {
        for ok in ["summer-jazz_2025.v2", "A", "a..b"] {
            assert!(Slug::new(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a/b", "a b", "ä", "a%2F", ".", "..", "a?b"] {
            assert_eq!(
                Slug::new(bad).unwrap_err().kind(),
                ErrorKind::InvalidInput,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn dates_are_real_calendar_dates() {
        assert_eq!(
            Date::parse("from", "2024-02-29").unwrap().to_iso(),
            "2024-02-29"
        );
        assert_eq!(
            Date::parse("from", "0999-01-09").unwrap().to_iso(),
            "0999-01-09"
        );
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-04-31",
            "yesterday",
            "2024-1-01",
            "2024/01/01",
            "20240101",
            "",
            "2024-01-01T00:00",
            "+024-01-01",
        ] {
            assert_eq!(
                Date::parse("from", bad).unwrap_err().kind(),
                ErrorKind::InvalidInput,
                "{bad}"
            );
        }
        assert!(Date::parse("from", "1900-02-29").is_err());
        assert!(Date::parse("from", "2000-02-29").is_ok());
    }

    #[test]
    fn ranges_refuse_from_after_to() {
        assert!(DateRange::parse(Some("2024-01-02"), Some("2024-01-01")).is_err());
        assert!(DateRange::parse(Some("2024-01-01"), Some("2024-01-01")).is_ok());
        assert!(DateRange::parse(None, Some("2024-01-01")).is_ok());
        let e = DateRange::parse(Some("2024-12-31"), Some("2024-01-01")).unwrap_err();
        assert!(e.to_string().contains("from"), "{e}");
    }
}
