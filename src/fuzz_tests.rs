//! Property-based fuzzing of everything that parses untrusted text: request
//! parameters, base URLs, `Retry-After`, tokens, and response decoding into
//! the models. Runs natively (proptest). `cargo test` runs a short pass; the
//! long run is `scripts/fuzz-long.sh` (PROPTEST_CASES per round, new seeds
//! per round, for a given number of minutes).

use crate::config::{BaseUrl, UrlParts};
use crate::params::{Date, DateRange, ResourceId, Slug, Status, Target};
use crate::retry;
use crate::routes::{Args, Endpoint, RouteStyle};
use crate::PublicToken;
use proptest::prelude::*;
use serde_json::Value;

/// Strings biased towards the characters that matter to URLs and dates.
/// A URL as the host's parser would describe it (no credentials).
fn url_parts(protocol: &str, hostname: &str, origin: &str, pathname: &str) -> UrlParts {
    UrlParts {
        protocol: protocol.into(),
        credentials: false,
        hostname: hostname.into(),
        origin: origin.into(),
        pathname: pathname.into(),
    }
}

fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-0-9a-zA-Z_./?#%&=:@\\[\\] \\\\\t\n\u{0}\u{7f}é€]{0,40}",
        "[0-9]{0,5}-[0-9]{0,3}-[0-9]{0,3}",
    ]
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm): an
/// independent oracle for the calendar check in `Date::parse`.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Undoes `routes::encode_into`.
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::json!(f)),
        nasty().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let keys = prop_oneof![
            Just("id".to_string()),
            Just("tickets".to_string()),
            Just("ticketPools".to_string()),
            Just("price".to_string()),
            Just("events".to_string()),
            Just("ticket_statistics".to_string()),
            "[a-zA-Z_]{1,12}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic(s in nasty()) {
        let _ = Status::parse(&s);
        let _ = ResourceId::new(s.clone());
        let _ = Slug::new(s.clone());
        let _ = Date::parse("from", &s);
        let _ = DateRange::parse(Some(&s), Some(&s));
        let _ = BaseUrl::check(&s, None);
        let _ = BaseUrl::check(&s, Some(&url_parts("http:", &s, &s, &s)));
        let _ = retry::parse_retry_after(&s, 0.0, |_| f64::NAN);
        let _ = retry::parse_retry_after(&s, 1e12, |_| 1e12 + 5.0);
        if let Ok(token) = PublicToken::new(s.clone()) {
            let printed = format!("{token:?} {token}");
            prop_assert_eq!(printed, "PublicToken(<redacted>) <redacted>");
        }
    }

    /// The id and base-URL rules work on bytes (a first call compiles less
    /// wasm); the `char`-based rules they replaced are the oracle.
    #[test]
    fn byte_level_checks_match_their_char_definitions(s in nasty(), c in any::<char>()) {
        for s in [s.clone(), format!("{s}{c}"), format!("{c}{s}/"), c.to_string()] {
            let id_ok = !s.is_empty()
                && s.encode_utf16().count() <= 256
                && !s.trim_matches('.').is_empty()
                && !s.chars().any(|c| c.is_control() || c == '/');
            prop_assert_eq!(ResourceId::new(s.clone()).is_ok(), id_ok, "{:?}", s);
            let spaced = s.chars().any(|c| c.is_control() || c.is_whitespace());
            let parts = url_parts("https:", "x.com", "https://x.com", &s);
            let checked = BaseUrl::check(&s, Some(&parts));
            if spaced {
                prop_assert!(checked.is_err(), "{:?}", s);
            } else if !s.contains(['?', '#']) {
                let prefix = checked.unwrap().prefix;
                prop_assert_eq!(prefix.as_str(), s.trim_end_matches('/'));
            }
        }
    }

    #[test]
    fn loopback_is_127_slash_8_or_localhost(a in 0u32..300, b in 0u32..300, c in 0u32..300, d in 0u32..300, extra in "(\\.[0-9]{1,3})?") {
        let host = format!("{a}.{b}.{c}.{d}{extra}");
        let parts = url_parts("http:", &host, "http://h", "/");
        let loopback = a == 127 && b <= 255 && c <= 255 && d <= 255 && extra.is_empty();
        prop_assert_eq!(BaseUrl::check("http://h", Some(&parts)).is_ok(), loopback, "{}", host);
    }

    #[test]
    fn dates_are_accepted_exactly_when_they_exist(y in 1u32..=9999, m in 0u32..=13, d in 0u32..=32) {
        let text = format!("{y:04}-{m:02}-{d:02}");
        let parsed = Date::parse("from", &text);
        let real = (1..=12).contains(&m) && d >= 1 && {
            let days = days_from_civil(i64::from(y), i64::from(m), i64::from(d));
            civil_from_days(days) == (i64::from(y), i64::from(m), i64::from(d))
        };
        prop_assert_eq!(parsed.is_ok(), real, "{}", text);
        if let Ok(date) = parsed {
            prop_assert_eq!(date.to_iso(), text);
        }
    }

    #[test]
    fn ranges_accept_exactly_ordered_pairs(a in 0i64..20000, b in 0i64..20000) {
        let iso = |days: i64| { let (y, m, d) = civil_from_days(days); format!("{y:04}-{m:02}-{d:02}") };
        let range = DateRange::parse(Some(&iso(a)), Some(&iso(b)));
        prop_assert_eq!(range.is_ok(), a <= b);
    }

    #[test]
    fn any_accepted_id_round_trips_through_both_route_forms(s in nasty()) {
        let Ok(target) = Target::id(s.clone()) else { return Ok(()) };
        for style in [RouteStyle::Query, RouteStyle::Path] {
            let url = Endpoint::Event.route().path_and_query(style, &Args::Target(target.clone())).unwrap();
            // Only unreserved characters, the route's own '/', '?', '=' and escapes.
            prop_assert!(url.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~/?=%".contains(&b)), "{}", url);
            let encoded = match style {
                RouteStyle::Query => url.strip_prefix("/event?eventId=").unwrap(),
                RouteStyle::Path => url.strip_prefix("/event/").unwrap(),
            };
            prop_assert_eq!(percent_decode(encoded), s.as_bytes().to_vec());
        }
    }

    #[test]
    fn accepted_slugs_are_sent_verbatim(s in "[-A-Za-z0-9_.]{1,40}") {
        match Slug::new(s.clone()) {
            Ok(slug) => prop_assert_eq!(slug.as_str(), s.as_str()),
            Err(_) => prop_assert!(s.trim_matches('.').is_empty()),
        }
    }

    #[test]
    fn base_urls_accept_https_hosts_and_refuse_remote_http(host in "[a-z][a-z0-9-]{0,20}(\\.[a-z]{2,6}){1,2}", port in 1u32..65536) {
        let origin = format!("https://{host}:{port}");
        let raw = origin.clone() + "/p/";
        let parsed = BaseUrl::check(&raw, Some(&url_parts("https:", &host, &origin, "/p/"))).unwrap();
        prop_assert_eq!(parsed.prefix.as_str(), "/p");
        let same = origin.clone() + "/events";
        let lookalike = origin.clone() + ".evil.example/events";
        let plain_http = origin.replacen("https", "http", 1);
        prop_assert!(parsed.same_origin(&same));
        prop_assert!(!parsed.same_origin(&lookalike));
        prop_assert!(BaseUrl::check(&plain_http, Some(&url_parts("http:", &host, &plain_http, "/"))).is_err());
    }

    /// Issue 12 item 8: only digits or a fixdate-shaped value count, even
    /// with a date parser that accepts anything (as `Date.parse` nearly does).
    #[test]
    fn retry_after_is_digits_or_a_fixdate_shape(s in nasty()) {
        let v = s.trim_matches(|c| c == ' ' || c == '\t');
        let digits = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
        let fixdate_shape = v.len() == 29 && v.ends_with(" GMT");
        let parsed = retry::parse_retry_after(&s, 0.0, |_| 1000.0);
        prop_assert_eq!(parsed.is_some(), digits || fixdate_shape, "{:?}", s);
    }

    #[test]
    fn backoff_stays_within_the_contract(i in 0u32..64, r in 0.0f64..1.0) {
        let d = retry::backoff_ms(i, r);
        prop_assert!((375..=8000).contains(&d));
    }

    #[test]
    fn decoding_never_panics_and_any_object_decodes(v in json_value()) {
        use crate::model::*;
        // Only the top-level shape is checked (docs/reference.md): every
        // object decodes, whatever its fields hold; no scalar does. (Arrays
        // never reach a model's decoder: io.js checks the shape first.)
        if v.is_array() { return Ok(()) }
        let object = v.is_object();
        prop_assert_eq!(serde_json::from_value::<PublicEvent>(v.clone()).is_ok(), object);
        prop_assert_eq!(serde_json::from_value::<PublicTour>(v.clone()).is_ok(), object);
        #[cfg(feature = "server")]
        {
            prop_assert_eq!(serde_json::from_value::<EventSalesReport>(v.clone()).is_ok(), object);
            prop_assert_eq!(serde_json::from_value::<TourSalesReport>(v.clone()).is_ok(), object);
            prop_assert_eq!(serde_json::from_value::<TicketStatisticsReport>(v.clone()).is_ok(), object);
            prop_assert_eq!(serde_json::from_value::<EventConsentClients>(v.clone()).is_ok(), object);
            prop_assert_eq!(serde_json::from_value::<TourConsent>(v.clone()).is_ok(), object);
        }
        // Any value in any field of an event still decodes.
        let nested = serde_json::json!({ "tickets": { "tickets": [v.clone()] }, "social": v.clone(), "dates": v.clone(), "name": v.clone() });
        prop_assert!(serde_json::from_value::<PublicEvent>(nested).is_ok());
    }
}
