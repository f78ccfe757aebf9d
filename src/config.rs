//! Client options and the rules for `baseUrl`: https only, except on a
//! loopback host (local mocks and tunnels), no credentials, no query.

use crate::error::Error;
use crate::routes::RouteStyle;

/// Per-attempt timeout unless the caller says otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// More retries than this is a mistake, not a policy (8 s each at the cap).
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// `setTimeout` cannot wait longer than 2^31-1 ms.
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;

/// How a client talks to TIXY. `Default` gives the documented defaults.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// `None`: the API's own host for the client's token kind.
    pub base_url: Option<String>,
    /// Per attempt, in milliseconds.
    pub timeout_ms: u32,
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// Reference (query) or quickstart (path) routes.
    pub route_style: RouteStyle,
    /// A `fetch`-compatible function to call instead of `globalThis.fetch`.
    pub fetch: Option<js_sys::Function>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            base_url: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_retries: DEFAULT_MAX_RETRIES,
            route_style: RouteStyle::Query,
            fetch: None,
        }
    }
}

impl ClientOptions {
    pub(crate) fn check(&self) -> Result<(), Error> {
        check_timeout("timeoutMs", self.timeout_ms)?;
        if self.max_retries > MAX_RETRIES_LIMIT {
            return Err(Error::invalid_input(
                "maxRetries",
                "must be a whole number from 0 to 10",
            ));
        }
        Ok(())
    }
}

pub(crate) fn check_timeout(field: &str, ms: u32) -> Result<u32, Error> {
    if ms == 0 || ms > MAX_TIMEOUT_MS {
        return Err(Error::invalid_input(
            field,
            "must be a whole number of milliseconds from 1 to 2147483647",
        ));
    }
    Ok(ms)
}

/// A checked base URL: `origin` is `scheme://host[:port]`, `prefix` the path
/// before the API's own paths (no trailing slash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BaseUrl {
    pub origin: String,
    pub prefix: String,
}

impl BaseUrl {
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let bad = |problem| Error::invalid_input("baseUrl", problem);
        if raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(bad("has spaces or control characters"));
        }
        // `split_once(':')` + `strip_prefix("//")`: no substring search and
        // no slicing that could panic (both cost KBs of wasm).
        let (scheme, rest) = raw
            .split_once(':')
            .and_then(|(scheme, rest)| Some((scheme, rest.strip_prefix("//")?)))
            .ok_or_else(|| bad("must be an absolute URL such as https://public-api.tixyapp.com"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(bad("must use https (or http on a loopback host)"));
        }
        if rest.contains(['?', '#']) {
            return Err(bad("must not have a query or a fragment"));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (rest.get(..i).unwrap_or(rest), rest.get(i..).unwrap_or("")),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(bad(
                "must not carry credentials; pass the token in the token option",
            ));
        }
        let host = host_of(authority).ok_or_else(|| bad("has no valid host[:port]"))?;
        if scheme == "http" && !is_loopback(&host) {
            return Err(bad("must use https unless the host is loopback (localhost, 127.0.0.0/8, [::1]): the token must not cross a network in clear text"));
        }
        Ok(BaseUrl {
            origin: crate::error::join(&[&scheme, "://", &authority.to_ascii_lowercase()]),
            prefix: path.trim_end_matches('/').to_string(),
        })
    }

    /// Whether an absolute URL is on this origin (same scheme, host, port).
    pub fn same_origin(&self, url: &str) -> bool {
        url.get(..self.origin.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(&self.origin))
            && matches!(
                url.as_bytes().get(self.origin.len()),
                None | Some(b'/' | b'?' | b'#')
            )
    }
}

/// The lower-cased host of `host[:port]`, if well formed.
fn host_of(authority: &str) -> Option<String> {
    let (host, port) = if authority.starts_with('[') {
        let (v6, after) = authority.split_once(']')?;
        let port = if after.is_empty() {
            None
        } else {
            Some(after.strip_prefix(':')?)
        };
        (v6, port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty()
            || p.len() > 5
            || !p.bytes().all(|b| b.is_ascii_digit())
            || p.parse::<u32>().ok()? > 65535
        {
            return None;
        }
    }
    let name_ok = |h: &str| {
        !h.is_empty()
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
    };
    // `host` of an IPv6 literal is "[addr" (split at ']'), put back together here.
    let v6 = host.strip_prefix('[').filter(|a| {
        !a.is_empty()
            && a.bytes()
                .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
    });
    match v6 {
        Some(addr) => Some(crate::error::join(&["[", &addr.to_ascii_lowercase(), "]"])),
        None if name_ok(host) => Some(host.to_ascii_lowercase()),
        None => None,
    }
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets[0] == "127"
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_on_loopback() {
        let ok = BaseUrl::parse("https://public-api.tixyapp.com").unwrap();
        assert_eq!(
            (ok.origin.as_str(), ok.prefix.as_str()),
            ("https://public-api.tixyapp.com", "")
        );
        let ok = BaseUrl::parse("HTTP://127.0.0.1:8787/tixy/").unwrap();
        assert_eq!(
            (ok.origin.as_str(), ok.prefix.as_str()),
            ("http://127.0.0.1:8787", "/tixy")
        );
        for good in [
            "http://localhost:3000",
            "http://[::1]:9000/",
            "http://127.1.2.3",
            "http://api.localhost",
            "https://[2001:db8::1]:443",
        ] {
            assert!(BaseUrl::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "http://public-api.tixyapp.com",
            "http://10.0.0.1",
            "http://127.0.0.1.evil.com",
            "http://localhost.evil.com",
            "ftp://x.com",
            "public-api.tixyapp.com",
            "https://user:pw@x.com",
            "https://x.com/?a=1",
            "https://x.com/#f",
            "https://",
            "https://x.com:99999",
            "https://x.com:",
            "https://x .com",
            "https://x.com\n",
            "http://[::2]",
            "http://127.0.0.256",
        ] {
            let e = BaseUrl::parse(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput, "{bad}");
            assert!(e.message().starts_with("invalid baseUrl"), "{e}");
        }
    }

    #[test]
    fn same_origin_is_exact() {
        let b = BaseUrl::parse("http://127.0.0.1:8787/api").unwrap();
        assert!(b.same_origin("http://127.0.0.1:8787/api/events?x=1"));
        assert!(b.same_origin("HTTP://127.0.0.1:8787/other"));
        assert!(!b.same_origin("http://127.0.0.1:8788/api/events"));
        assert!(!b.same_origin("http://127.0.0.1:87870/api"));
        assert!(!b.same_origin("https://127.0.0.1:8787/api"));
        assert!(!b.same_origin("http://127.0.0.1:8787.evil.com/"));
        assert!(!b.same_origin("http://127.0.0.1"));
    }

    #[test]
    fn option_bounds() {
        assert!(ClientOptions::default().check().is_ok());
        let o = ClientOptions {
            max_retries: 11,
            ..Default::default()
        };
        assert!(o.check().is_err());
        let o = ClientOptions {
            timeout_ms: 0,
            ..Default::default()
        };
        assert!(o.check().is_err());
        assert!(check_timeout("timeoutMs", MAX_TIMEOUT_MS).is_ok());
        assert!(check_timeout("timeoutMs", MAX_TIMEOUT_MS + 1).is_err());
    }
}
