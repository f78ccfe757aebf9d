//! When to retry and how long to wait: pure functions, unit-tested natively.
//! The transport supplies the clock, the randomness and the HTTP-date parser.

/// First backoff step; doubles per attempt.
pub const BASE_DELAY_MS: f64 = 500.0;
/// Backoff never grows past this.
pub const MAX_DELAY_MS: f64 = 8_000.0;
/// A `Retry-After` longer than this is not waited for: the call fails at once
/// with `retry_after_ms` set, so the caller can decide.
pub const MAX_RETRY_AFTER_MS: u32 = 60_000;

/// Statuses worth another attempt: 408, 429, 500, 502, 503, 504
/// (docs/reference.md, "Retries and redirects").
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// Exponential backoff with jitter: 0.5 s, 1 s, 2 s, … capped at 8 s, each
/// shortened by up to 25 % (`random` in `[0, 1)`), like openai-node's policy.
pub fn backoff_ms(retry_index: u32, random: f64) -> u32 {
    let exp = BASE_DELAY_MS * f64::from(1u32 << retry_index.min(16));
    let capped = exp.min(MAX_DELAY_MS);
    let jitter = 1.0 - 0.25 * random.clamp(0.0, 1.0);
    (capped * jitter) as u32
}

/// Parses `Retry-After` strictly (RFC 9110 §10.2.3): delay-seconds (digits
/// only), or an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT` (via
/// `parse_date`, which returns milliseconds since the epoch, or NaN for
/// anything that is not an IMF-fixdate). Anything else (`-1`, `1.5`, `+2`,
/// `3 5`, other date formats) is `None`, so the normal backoff applies: a
/// lenient date parser reads those as dates in the past, which would mean
/// retrying at once. Past dates mean "now".
pub fn parse_retry_after(
    value: &str,
    now_ms: f64,
    parse_date: impl Fn(&str) -> f64,
) -> Option<u32> {
    // Trimmed on bytes: `char` trimming links UTF-8 decoding both ways.
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let start = value
        .bytes()
        .position(|b| !blank(&b))
        .unwrap_or(value.len());
    let end = value
        .bytes()
        .rposition(|b| !blank(&b))
        .map_or(start, |i| i + 1);
    // Both ends are next to an ASCII byte: char boundaries.
    let value = value.get(start..end).unwrap_or_default();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        // Clamped as it is read, so nothing overflows: no u64 `parse` or
        // `saturating_mul`, whose overflow checks link a 128-bit multiply.
        let max = u64::from(u32::MAX);
        let secs = value
            .bytes()
            .fold(0u64, |n, b| (n * 10 + u64::from(b - b'0')).min(max));
        return Some((secs * 1000).min(max) as u32);
    }
    // Only what could be an IMF-fixdate reaches the date parser.
    if value.len() != 29 || !value.ends_with(" GMT") {
        return None;
    }
    let at = parse_date(value);
    if !at.is_finite() {
        return None;
    }
    Some((at - now_ms).clamp(0.0, f64::from(u32::MAX)) as u32)
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then try again.
    RetryAfter(u32),
    /// Give up and report the error.
    GiveUp,
}

/// Decides the next step. `retries_done` counts retries already made;
/// `server_wait_ms` is the parsed `Retry-After`, if any.
pub fn decide(
    retries_done: u32,
    max_retries: u32,
    retryable: bool,
    server_wait_ms: Option<u32>,
    random: f64,
) -> Decision {
    if !retryable || retries_done >= max_retries {
        return Decision::GiveUp;
    }
    match server_wait_ms {
        Some(ms) if ms > MAX_RETRY_AFTER_MS => Decision::GiveUp,
        Some(ms) => Decision::RetryAfter(ms),
        None => Decision::RetryAfter(backoff_ms(retries_done, random)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_contract_statuses_retry() {
        let retryable: Vec<u16> = (100..600).filter(|s| is_retryable_status(*s)).collect();
        assert_eq!(retryable, vec![408, 429, 500, 502, 503, 504]);
    }

    #[test]
    fn backoff_doubles_from_half_a_second_and_caps() {
        assert_eq!(backoff_ms(0, 0.0), 500);
        assert_eq!(backoff_ms(1, 0.0), 1000);
        assert_eq!(backoff_ms(2, 0.0), 2000);
        assert_eq!(backoff_ms(4, 0.0), 8000);
        assert_eq!(backoff_ms(30, 0.0), 8000);
        assert_eq!(backoff_ms(0, 0.999_999), 375);
        for i in 0..20 {
            for r in [0.0, 0.3, 0.99] {
                let d = backoff_ms(i, r);
                assert!((375..=8000).contains(&d), "{i} {r} {d}");
            }
        }
    }

    /// The clamped reading gives what `parse::<u64>` and `saturating_mul` gave.
    #[test]
    fn retry_after_seconds_clamp_as_before() {
        let no_dates = |_: &str| f64::NAN;
        let before = |s: &str| {
            let secs: u64 = s.parse().unwrap_or(u64::MAX);
            secs.saturating_mul(1000).min(u64::from(u32::MAX)) as u32
        };
        let mut cases: Vec<String> = ["4294967", "4294968", "4294967295", "4294967296"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        cases.extend((0..64).map(|k| (1u64 << k).to_string()));
        cases.extend((0..64).map(|k| (1u64 << k).wrapping_sub(1).to_string()));
        cases.extend((1..=40).map(|n| "9".repeat(n)));
        cases.push(u64::MAX.to_string());
        cases.push("18446744073709551616".into());
        for s in cases {
            assert_eq!(
                parse_retry_after(&s, 0.0, no_dates),
                Some(before(&s)),
                "{s}"
            );
        }
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let no_dates = |_: &str| f64::NAN;
        assert_eq!(parse_retry_after("2", 0.0, no_dates), Some(2000));
        assert_eq!(parse_retry_after(" 0 ", 0.0, no_dates), Some(0));
        assert_eq!(parse_retry_after("007", 0.0, no_dates), Some(7000));
        assert_eq!(
            parse_retry_after("99999999999999999999", 0.0, no_dates),
            Some(u32::MAX)
        );
        let date = |s: &str| {
            if s == "Wed, 21 Oct 2026 07:28:00 GMT" {
                10_000.0
            } else {
                f64::NAN
            }
        };
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT", 7_000.0, date),
            Some(3000)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT", 20_000.0, date),
            Some(0)
        );
    }

    #[test]
    fn retry_after_anything_else_is_ignored() {
        // A date parser that accepts anything, as `Date.parse` nearly does:
        // only a fixdate-shaped value may reach it.
        let lenient = |_: &str| 0.0;
        for bad in [
            "",
            " ",
            "-1",
            "1.5",
            "+2",
            "3 5",
            "1e3",
            "0x10",
            "soon",
            "\u{661}",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "2026-10-21T07:28:00Z",
            "Wed, 21 Oct 2026 07:28:00 UTC",
        ] {
            assert_eq!(parse_retry_after(bad, 1e12, lenient), None, "{bad:?}");
        }
        assert_eq!(parse_retry_after("x", 0.0, |_| f64::NAN), None);
    }

    #[test]
    fn decisions_follow_the_contract() {
        assert_eq!(decide(0, 2, true, None, 0.0), Decision::RetryAfter(500));
        assert_eq!(decide(1, 2, true, None, 0.0), Decision::RetryAfter(1000));
        assert_eq!(decide(2, 2, true, None, 0.0), Decision::GiveUp);
        assert_eq!(decide(0, 0, true, None, 0.0), Decision::GiveUp);
        assert_eq!(decide(0, 2, false, None, 0.0), Decision::GiveUp);
        assert_eq!(
            decide(0, 2, true, Some(3000), 0.0),
            Decision::RetryAfter(3000)
        );
        assert_eq!(
            decide(0, 2, true, Some(60_000), 0.0),
            Decision::RetryAfter(60_000)
        );
        assert_eq!(decide(0, 2, true, Some(60_001), 0.0), Decision::GiveUp);
    }
}
