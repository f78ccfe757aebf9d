//! Client options and the rules for `baseUrl`: https only, except on a
//! loopback host (local mocks and tunnels), no credentials, no query.

use crate::error::Error;
use crate::routes::RouteStyle;
use alloc::string::{String, ToString};

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
        check_timeout(
            crate::text::api_name!("timeoutMs", "timeout_ms"),
            self.timeout_ms,
        )?;
        if self.max_retries > MAX_RETRIES_LIMIT {
            return Err(Error::invalid_input(
                crate::text::api_name!("maxRetries", "max_retries"),
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

/// What the host's URL parser made of a base URL (`boundary::parse_url`,
/// io.js `parseUrl`): the same WHATWG parser that `fetch` uses, so the origin
/// checked here is the one the request goes to (`http://0x7f.1` is
/// `127.0.0.1` to both). Hosts come back lower-cased and canonical.
pub(crate) struct UrlParts {
    /// With the colon: `"https:"`.
    pub protocol: String,
    /// A user name or a password was given.
    pub credentials: bool,
    /// `"127.0.0.1"`, `"[::1]"`, `"public-api.tixyapp.com"`.
    pub hostname: String,
    /// `scheme://host[:port]`, default port left out.
    pub origin: String,
    /// Percent-encoded, at least `"/"`.
    pub pathname: String,
}

impl BaseUrl {
    /// The base URL of a public (`public`) or private client: [`BaseUrl::check`],
    /// and for the public client the private API's host is refused too: a
    /// public client pointed there with a private token would make `events()`
    /// a private call, from a page. `parts` is what the host's URL parser
    /// made of `raw` (`boundary::parse_url`).
    pub fn new(raw: &str, parts: Option<&UrlParts>, public: bool) -> Result<Self, Error> {
        let base = Self::check(raw, parts)?;
        if public && parts.is_some_and(|p| is_private_api_host(&p.hostname)) {
            return Err(Error::invalid_input(
                crate::text::api_name!("baseUrl", "base_url"),
                "is the private API's host, which a public client never calls",
            ));
        }
        Ok(base)
    }

    /// The rules for a base URL, given the raw text and what the URL parser
    /// made of it (`None`: not an absolute URL). Pure, so tested natively.
    pub fn check(raw: &str, parts: Option<&UrlParts>) -> Result<Self, Error> {
        let bad =
            |problem| Error::invalid_input(crate::text::api_name!("baseUrl", "base_url"), problem);
        // The WHATWG parser silently drops tabs, newlines and outer spaces,
        // and an empty `?` or `#`; a base URL with any of them is a mistake.
        if has_space_or_control(raw) {
            return Err(bad("has spaces or control characters"));
        }
        if raw.bytes().any(|b| b == b'?' || b == b'#') {
            return Err(bad("must not have a query or a fragment"));
        }
        let url = parts
            .ok_or_else(|| bad("must be an absolute URL such as https://public-api.tixyapp.com"))?;
        let https = match url.protocol.as_str() {
            "https:" => true,
            "http:" => false,
            _ => return Err(bad("must use https (or http on a loopback host)")),
        };
        if url.credentials {
            return Err(bad(
                "must not carry credentials; pass the token in the token option",
            ));
        }
        if !https && !is_loopback(&url.hostname) {
            return Err(bad("must use https unless the host is loopback (localhost, 127.0.0.0/8, [::1]): the token must not cross a network in clear text"));
        }
        Ok(BaseUrl {
            origin: url.origin.clone(),
            prefix: without_trailing_slashes(&url.pathname).to_string(),
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

// The helpers below work on bytes where `char` methods would do: `char`
// machinery (UTF-8 decoding, Unicode tables) costs wasm size.

/// Whether `raw` has whitespace or a control character (Unicode's
/// definitions, as `char::is_whitespace` and `char::is_control`), in one pass
/// over the UTF-8 bytes: ASCII controls, the space and DEL; beyond ASCII the
/// C1 controls U+0080–U+009F, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
/// U+202F, U+205F, U+3000. Bytes, not `chars()`: that links UTF-8 decoding
/// and Unicode's whitespace table (about 0.4 KB of wasm). A lead byte is only
/// ever a lead byte, so each match is one whole character.
fn has_space_or_control(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.iter().enumerate().any(|(i, &lead)| {
        let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
        match lead {
            0..=0x20 | 0x7f => true,
            0xc2 => matches!(next(1), 0x80..=0xa0),
            0xe1 => next(1) == 0x9a && next(2) == 0x80,
            0xe2 => match next(1) {
                0x80 => matches!(next(2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf),
                0x81 => next(2) == 0x9f,
                _ => false,
            },
            0xe3 => next(1) == 0x80 && next(2) == 0x80,
            _ => false,
        }
    })
}

/// `path` without its trailing slashes.
fn without_trailing_slashes(path: &str) -> &str {
    let end = path.bytes().rposition(|b| b != b'/').map_or(0, |i| i + 1);
    // `end` follows a byte that is not `/`, before a `/` or the end: a char boundary.
    path.get(..end).unwrap_or(path)
}

/// FNV-1a (64 bits) of `bytes`.
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u64).wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// The private API's host name, as a hash computed at compile time: the
/// browser build must refuse that host without carrying its name (the
/// package's artifact scan looks for it).
const PRIVATE_API_HOST_HASH: u64 = fnv1a(b"private-api.tixyapp.com");

/// Whether a canonical host (the URL parser has lower-cased it and decoded
/// percent-escapes and full-width letters) is the private API's, with or
/// without trailing dots (`host.` is the same host to DNS). The dots are
/// trimmed as bytes: `trim_end_matches('.')` decodes UTF-8 backwards.
fn is_private_api_host(host: &str) -> bool {
    let mut host = host.as_bytes();
    while let [rest @ .., b'.'] = host {
        host = rest;
    }
    fnv1a(host) == PRIVATE_API_HOST_HASH
}

/// Whether a canonical host (as the URL parser gives it) is loopback. Not
/// `*.localhost`: runtimes resolve those through DNS, which may answer with
/// any address, and the token would cross it in clear text.
fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    // IPv4 in 127.0.0.0/8: four decimal octets, the first 127. By hand, not
    // `core::net::Ipv4Addr`'s parser, which costs 0.5 KB of gzipped wasm;
    // the URL parser has already made the host canonical.
    let mut octets = 0;
    for (i, o) in host.as_bytes().split(|&b| b == b'.').enumerate() {
        if o.is_empty() || o.len() > 3 || !o.iter().all(u8::is_ascii_digit) {
            return false;
        }
        // At most three digits: at most 999, no overflow.
        let value = o.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
        if value > 255 || (i == 0 && value != 127) {
            return false;
        }
        octets += 1;
    }
    octets == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_on_bytes_matches_chars() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            let expected = c.is_whitespace() || c.is_control();
            assert_eq!(has_space_or_control(&s), expected, "U+{:04X}", c as u32);
        }
    }

    /// What a WHATWG parser gives for an http(s) URL without userinfo.
    fn parts(protocol: &str, hostname: &str, port: &str, pathname: &str) -> UrlParts {
        let port = if port.is_empty() {
            String::new()
        } else {
            [":", port].concat()
        };
        UrlParts {
            protocol: protocol.into(),
            credentials: false,
            hostname: hostname.into(),
            origin: [&protocol.replace(':', "://"), hostname, &port].concat(),
            pathname: pathname.into(),
        }
    }

    // The same rules on real URL strings through the host's parser are in
    // tests/wasm_client.rs (Node and Chromium).
    #[test]
    fn https_anywhere_http_only_on_loopback() {
        let ok = BaseUrl::check(
            "https://public-api.tixyapp.com",
            Some(&parts("https:", "public-api.tixyapp.com", "", "/")),
        )
        .unwrap();
        assert_eq!(
            (ok.origin.as_str(), ok.prefix.as_str()),
            ("https://public-api.tixyapp.com", "")
        );
        let ok = BaseUrl::check(
            "HTTP://127.0.0.1:8787/tixy/",
            Some(&parts("http:", "127.0.0.1", "8787", "/tixy/")),
        )
        .unwrap();
        assert_eq!(
            (ok.origin.as_str(), ok.prefix.as_str()),
            ("http://127.0.0.1:8787", "/tixy")
        );
        for host in ["localhost", "[::1]", "127.1.2.3", "127.0.0.1"] {
            assert!(
                BaseUrl::check("http://x", Some(&parts("http:", host, "", "/"))).is_ok(),
                "{host}"
            );
        }
        assert!(BaseUrl::check(
            "https://x",
            Some(&parts("https:", "[2001:db8::1]", "", "/"))
        )
        .is_ok());
        let refused = |raw: &str, p: Option<&UrlParts>| {
            let e = BaseUrl::check(raw, p).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput, "{raw}");
            let field = crate::text::api_name!("invalid baseUrl", "invalid base_url");
            assert!(e.message().starts_with(field), "{e}");
        };
        for host in [
            "public-api.tixyapp.com",
            "10.0.0.1",
            "127.0.0.1.evil.com",
            "localhost.evil.com",
            "api.localhost",
            "localhost.",
            "[::2]",
            "128.0.0.1",
            "127.0.0.256",
            "127.0.0",
            "127.0.0.1.",
            "127..0.1",
            "0127.0.0.1",
        ] {
            refused("http://x", Some(&parts("http:", host, "", "/")));
        }
        refused("ftp://x.com", Some(&parts("ftp:", "x.com", "", "/")));
        refused("public-api.tixyapp.com", None);
        let mut creds = parts("https:", "x.com", "", "/");
        creds.credentials = true;
        refused("https://user:pw@x.com", Some(&creds));
        let x = parts("https:", "x.com", "", "/");
        for raw in [
            "https://x.com/?a=1",
            "https://x.com/?",
            "https://x.com/#f",
            "https://x .com",
            "https://x.com\n",
            "\thttps://x.com",
            "https://x.com\u{7f}",
            "https://x.com\u{a0}",
            "https://x.com\u{85}",
            "https://x.com/\u{3000}",
        ] {
            refused(raw, Some(&x));
        }
        // Non-ASCII that is neither space nor control passes this rule.
        assert!(BaseUrl::check("https://ü.com", Some(&x)).is_ok());
        assert_eq!(without_trailing_slashes("/a/b//"), "/a/b");
        assert_eq!(without_trailing_slashes("///"), "");
        assert_eq!(without_trailing_slashes("/é/"), "/é");
    }

    #[test]
    fn the_private_api_host_is_known_by_its_hash() {
        for host in ["private-api.tixyapp.com", "private-api.tixyapp.com."] {
            assert!(is_private_api_host(host), "{host}");
        }
        for host in [
            "public-api.tixyapp.com",
            "private-api.tixyapp.com.evil.example",
            "x.private-api.tixyapp.com",
            "private-api.tixyapp.co",
            "",
        ] {
            assert!(!is_private_api_host(host), "{host}");
        }
    }

    #[test]
    fn same_origin_is_exact() {
        let raw = "http://127.0.0.1:8787/api";
        let b = BaseUrl::check(raw, Some(&parts("http:", "127.0.0.1", "8787", "/api"))).unwrap();
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
