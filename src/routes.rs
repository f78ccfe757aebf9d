//! The one route table: every endpoint's host, its reference (query) form and
//! its quickstart (path) form. TIXY's docs show both forms and it is not known
//! which one the servers accept, so both live here and a route is changed in
//! one place. A parameter goes into the path where the template names it
//! (`{status}`, `{id}`), otherwise into the query string.

use crate::error::{EndpointFacts, Error};
use crate::params::{DateRange, ResourceId, Status, Target};
use alloc::string::String;

/// Which form of the routes a client sends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RouteStyle {
    /// `/events?status=published`, `/event?eventId=…` (the API reference; default).
    #[default]
    Query,
    /// `/events/published`, `/event/{idOrSlug}` (the quickstart pages).
    Path,
}

/// Which TIXY host (and so which token) an endpoint belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Host {
    Public,
    #[cfg(feature = "server")]
    Private,
}

/// What a single-item endpoint names: it decides `eventId` vs `tourId`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Subject {
    Event,
    Tour,
    /// A list, or an item named by a path id alone (devices, geography).
    NoItem,
}

/// What a successful body must look like before it is handed out: only the
/// top-level shape is checked, so that no single odd field or item fails a
/// whole response. io.js checks it (`transport::begin`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A JSON array.
    List,
    /// A JSON object (not an array).
    Object,
    /// Undocumented: any JSON value.
    #[cfg(feature = "server")]
    Any,
}

/// Which forms of a route document `from`/`to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Range {
    /// Neither: the endpoint takes no date range.
    No,
    /// Both the reference and the quickstart form.
    #[cfg(feature = "server")]
    Both,
    /// Only the reference (query) form: the quickstart pages of the tours'
    /// sales and statistics document no `from`/`to`, so none is sent there.
    #[cfg(feature = "server")]
    QueryOnly,
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Route {
    /// The method name users call, used in error messages: the Rust
    /// method's in the `std` build, the JS one's in the npm build
    /// (`text::api_name`).
    pub name: &'static str,
    pub host: Host,
    pub subject: Subject,
    pub reference: &'static str,
    pub quickstart: &'static str,
    pub shape: Shape,
    pub range: Range,
}

macro_rules! route_table {
    ($( $(#[$cfg:meta])* $variant:ident => $name:literal $rust:literal, $host:ident, $subject:ident, $reference:literal, $quickstart:literal, $shape:ident, $range:ident; )*) => {
        /// Every endpoint of the TIXY Connect API.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Endpoint { $( $(#[$cfg])* $variant, )* }

        impl Endpoint {
            /// All endpoints this build knows (4 public, +15 with `server`).
            #[cfg(test)]
            pub const ALL: &'static [Endpoint] = &[ $( $(#[$cfg])* Endpoint::$variant, )* ];

            pub fn route(self) -> Route {
                match self {
                    $( $(#[$cfg])* Endpoint::$variant => Route {
                        name: crate::text::api_name!($name, $rust),
                        host: Host::$host,
                        subject: Subject::$subject,
                        reference: $reference,
                        quickstart: $quickstart,
                        shape: Shape::$shape,
                        range: Range::$range,
                    }, )*
                }
            }
        }
    };
}

route_table! {
    // P1–P4: public host, public token.
    Events => "events" "events", Public, NoItem, "/events", "/events/{status}", List, No;
    Event => "event" "event", Public, Event, "/event", "/event/{id}", Object, No;
    Tours => "tours" "tours", Public, NoItem, "/tours", "/tours/{status}", List, No;
    Tour => "tour" "tour", Public, Tour, "/tour", "/tour/{id}", Object, No;
    // S1–S5: sales.
    #[cfg(feature = "server")] SalesEvents => "salesEvents" "sales_events", Private, NoItem, "/sales/events", "/sales/events/{status}", List, Both;
    #[cfg(feature = "server")] SalesEvent => "salesEvent" "sales_event", Private, Event, "/sales/event", "/sales/event/{id}", Object, Both;
    #[cfg(feature = "server")] SalesTours => "salesTours" "sales_tours", Private, NoItem, "/sales/tours", "/sales/tours/{status}", List, QueryOnly;
    #[cfg(feature = "server")] SalesTour => "salesTour" "sales_tour", Private, Tour, "/sales/tour", "/sales/tour/{id}", Object, Both;
    #[cfg(feature = "server")] SalesTerms => "salesTerms" "sales_terms", Private, NoItem, "/sales/terms", "/sales/terms", Any, No;
    // T1–T4: ticket statistics.
    #[cfg(feature = "server")] StatisticsEvents => "statisticsEvents" "statistics_events", Private, NoItem, "/statistics/events", "/statistics/events/{status}", List, Both;
    #[cfg(feature = "server")] StatisticsEvent => "statisticsEvent" "statistics_event", Private, Event, "/statistics/event", "/statistics/event/{id}", Object, Both;
    #[cfg(feature = "server")] StatisticsTours => "statisticsTours" "statistics_tours", Private, NoItem, "/statistics/tours", "/statistics/tours/{status}", List, QueryOnly;
    #[cfg(feature = "server")] StatisticsTour => "statisticsTour" "statistics_tour", Private, Tour, "/statistics/tour", "/statistics/tour/{id}", Object, Both;
    // M1–M2: marketing statistics (one form only, id in the path).
    #[cfg(feature = "server")] Devices => "devices" "devices", Private, NoItem, "/marketing/devices/{id}", "/marketing/devices/{id}", Any, No;
    #[cfg(feature = "server")] Geography => "geography" "geography", Private, NoItem, "/marketing/geography/{id}", "/marketing/geography/{id}", Any, No;
    // C1–C4: clients who granted marketing consent.
    #[cfg(feature = "server")] ConsentEvents => "consentEvents" "consent_events", Private, NoItem, "/marketing/clients-granted-consent/events", "/marketing/clients-granted-consent/events/{status}", List, No;
    #[cfg(feature = "server")] ConsentEvent => "consentEvent" "consent_event", Private, Event, "/marketing/clients-granted-consent/event", "/marketing/clients-granted-consent/event/{id}", Object, No;
    #[cfg(feature = "server")] ConsentTours => "consentTours" "consent_tours", Private, NoItem, "/marketing/clients-granted-consent/tours", "/marketing/clients-granted-consent/tours/{status}", Any, No;
    #[cfg(feature = "server")] ConsentTour => "consentTour" "consent_tour", Private, Tour, "/marketing/clients-granted-consent/tour", "/marketing/clients-granted-consent/tour/{id}", Object, No;
}

/// The parameters of one call, already validated.
#[derive(Clone, Debug)]
pub(crate) enum Args {
    /// No parameter (`salesTerms`).
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    Empty,
    Status(Status),
    Target(Target),
    /// `{id}` of the marketing statistics endpoints.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    PathId(ResourceId),
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    StatusRange(Status, DateRange),
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    TargetRange(Target, DateRange),
}

impl Route {
    /// The path and query string for `args` in `style`, percent-encoded.
    /// Only documented parameters go on the wire: a date range where the
    /// chosen form documents none is refused.
    pub fn path_and_query(&self, style: RouteStyle, args: &Args) -> Result<String, Error> {
        let template = match style {
            RouteStyle::Query => self.reference,
            RouteStyle::Path => self.quickstart,
        };
        let (status, target, path_id, range) = match args {
            Args::Empty => (None, None, None, None),
            Args::Status(s) => (Some(*s), None, None, None),
            Args::Target(t) => (None, Some(t), None, None),
            Args::PathId(id) => (None, None, Some(id), None),
            Args::StatusRange(s, r) => (Some(*s), None, None, Some(r)),
            Args::TargetRange(t, r) => (None, Some(t), None, Some(r)),
        };
        let mut out = String::with_capacity(template.len() + 48);
        let mut query = Query::default();

        // Fill the template; whatever it does not name goes to the query.
        // (No `&str[a..b]` slicing here: its panic path costs KBs of wasm.
        // Split on bytes, not `split(['{', '}'])`: a `char` pattern links
        // UTF-8 decoding.)
        let (mut status_in_path, mut id_in_path) = (false, false);
        let braces = template
            .bytes()
            .enumerate()
            .filter(|(_, b)| matches!(b, b'{' | b'}'));
        let ends = braces
            .map(|(at, _)| at)
            .chain(core::iter::once(template.len()));
        let mut start = 0;
        for (i, end) in ends.enumerate() {
            // `start` and `end` are next to an ASCII brace or at an end: char boundaries.
            let piece = template.get(start..end).unwrap_or_default();
            start = end + 1;
            match (i % 2, piece) {
                (0, text) => out.push_str(text),
                (_, "status") => {
                    status_in_path = true;
                    out.push_str(status.unwrap_or_default().as_str());
                }
                _ => {
                    id_in_path = true;
                    let value = target
                        .map(Target::value)
                        .or(path_id.map(ResourceId::as_str));
                    encode_into(&mut out, value.unwrap_or(""));
                }
            }
        }

        if let Some(s) = status.filter(|_| !status_in_path) {
            query.push(&mut out, "status", s.as_str());
        }
        if let Some(t) = target.filter(|_| !id_in_path) {
            let name = match (self.subject, t) {
                (Subject::Tour, Target::Id(_)) => "tourId",
                (Subject::Tour, Target::Slug(_)) => "tourSlug",
                (_, Target::Id(_)) => "eventId",
                (_, Target::Slug(_)) => "eventSlug",
            };
            query.push(&mut out, name, t.value());
        }
        if let Some(r) = range.filter(|r| r.from().is_some() || r.to().is_some()) {
            if !self.takes_range(style) {
                return Err(cold_no_range_here(self));
            }
            if let Some(from) = r.from() {
                query.push(&mut out, "from", &from.to_iso());
            }
            if let Some(to) = r.to() {
                query.push(&mut out, "to", &to.to_iso());
            }
        }
        Ok(out)
    }

    /// What an error message says about this endpoint (`error.rs`).
    pub fn facts(&self) -> EndpointFacts {
        EndpointFacts {
            name: self.name,
            needs: match self.host {
                Host::Public => " needs a public token (a private token is refused here)",
                #[cfg(feature = "server")]
                Host::Private => " needs a private token (a public token is refused here)",
            },
            // `ends_with`, not `contains`: a substring search links core's
            // searcher, about 5 KB of gzipped wasm.
            one_item: self.subject != Subject::NoItem || self.reference.ends_with("{id}"),
        }
    }

    /// Whether `style`'s form of this route documents `from`/`to`.
    #[cfg_attr(not(feature = "server"), allow(unused_variables))]
    fn takes_range(&self, style: RouteStyle) -> bool {
        match self.range {
            Range::No => false,
            #[cfg(feature = "server")]
            Range::Both => true,
            #[cfg(feature = "server")]
            Range::QueryOnly => style == RouteStyle::Query,
        }
    }
}

#[inline(never)]
fn cold_no_range_here(route: &Route) -> Error {
    Error::invalid_input(
        "from/to",
        &crate::text::join(&[
            "the quickstart (path) form of ",
            route.name,
            " documents no date range; use the reference (query) route style to send one",
        ]),
    )
}

#[derive(Default)]
struct Query {
    started: bool,
}

impl Query {
    fn push(&mut self, out: &mut String, name: &str, value: &str) {
        out.push(if self.started { '&' } else { '?' });
        self.started = true;
        out.push_str(name);
        out.push('=');
        encode_into(out, value);
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(ep: Endpoint, args: Args) -> (String, String) {
        let r = ep.route();
        (
            r.path_and_query(RouteStyle::Query, &args).unwrap(),
            r.path_and_query(RouteStyle::Path, &args).unwrap(),
        )
    }

    /// Errors name the method as its reader calls it: `sales_event` in
    /// Rust, `salesEvent` in the npm package (`text::api_name`).
    #[test]
    fn errors_name_the_method_in_the_builds_language() {
        let (rust, js) = if cfg!(feature = "std") {
            (true, false)
        } else {
            (false, true)
        };
        let name = Endpoint::Events.route().name;
        assert_eq!(name, "events");
        #[cfg(feature = "server")]
        {
            let name = Endpoint::SalesEvent.route().name;
            assert_eq!(
                (name == "sales_event", name == "salesEvent"),
                (rust, js),
                "{name}"
            );
            let e =
                Error::from_response(&Endpoint::StatisticsTour.route().facts(), 404, None, None);
            let start = if rust {
                "statistics_tour: HTTP 404"
            } else {
                "statisticsTour: HTTP 404"
            };
            assert!(e.message().starts_with(start), "{e}");
        }
        let _ = (rust, js);
    }

    #[test]
    fn public_routes_in_both_forms() {
        let published = Args::Status(Status::Published);
        assert_eq!(
            both(Endpoint::Events, published.clone()),
            (
                "/events?status=published".into(),
                "/events/published".into()
            )
        );
        assert_eq!(
            both(Endpoint::Tours, Args::Status(Status::All)),
            ("/tours?status=all".into(), "/tours/all".into())
        );
        let id = Args::Target(Target::id("65f1c0ffee0123456789abcd").unwrap());
        assert_eq!(
            both(Endpoint::Event, id.clone()),
            (
                "/event?eventId=65f1c0ffee0123456789abcd".into(),
                "/event/65f1c0ffee0123456789abcd".into()
            )
        );
        let slug = Args::Target(Target::slug("summer-jazz.2025").unwrap());
        assert_eq!(
            both(Endpoint::Tour, slug),
            (
                "/tour?tourSlug=summer-jazz.2025".into(),
                "/tour/summer-jazz.2025".into()
            )
        );
        assert_eq!(
            both(Endpoint::Tour, id).0,
            "/tour?tourId=65f1c0ffee0123456789abcd"
        );
    }

    #[test]
    fn opaque_ids_are_percent_encoded() {
        let args = Args::Target(Target::id("a b&c=d%?#\\").unwrap());
        let encoded = "a%20b%26c%3Dd%25%3F%23%5C";
        let expected = (
            format!("/event?eventId={encoded}"),
            format!("/event/{encoded}"),
        );
        assert_eq!(both(Endpoint::Event, args), expected);
        let args = Args::Target(Target::id("zażółć").unwrap());
        assert_eq!(
            both(Endpoint::Event, args).1,
            "/event/za%C5%BC%C3%B3%C5%82%C4%87"
        );
    }

    #[test]
    fn table_is_consistent() {
        for ep in Endpoint::ALL {
            let r = ep.route();
            assert!(
                r.reference.starts_with('/') && r.quickstart.starts_with('/'),
                "{ep:?}"
            );
            // The two forms name the same resource.
            let stem = |p: &str| {
                p.split('{')
                    .next()
                    .unwrap()
                    .trim_end_matches('/')
                    .to_string()
            };
            assert!(stem(r.quickstart).starts_with(&stem(r.reference)), "{ep:?}");
            // Single-item routes name their subject; list routes do not.
            assert_eq!(
                r.quickstart.contains("{id}") && !r.reference.contains("{id}"),
                r.subject != Subject::NoItem,
                "{ep:?}"
            );
            let names: Vec<_> = Endpoint::ALL
                .iter()
                .filter(|e| e.route().name == r.name)
                .collect();
            assert_eq!(names.len(), 1, "duplicate name {}", r.name);
        }
        let expected = if cfg!(feature = "server") { 19 } else { 4 };
        assert_eq!(Endpoint::ALL.len(), expected);
    }

    #[cfg(feature = "server")]
    #[test]
    fn private_routes_in_both_forms() {
        let range = DateRange::parse(Some("2024-01-01"), Some("2024-12-31")).unwrap();
        let (q, p) = both(
            Endpoint::SalesEvents,
            Args::StatusRange(Status::PastDue, range),
        );
        assert_eq!(
            q,
            "/sales/events?status=pastdue&from=2024-01-01&to=2024-12-31"
        );
        assert_eq!(p, "/sales/events/pastdue?from=2024-01-01&to=2024-12-31");
        // The quickstart form of the tours' sales and statistics documents
        // no from/to: a range there is refused, never sent.
        for ep in [Endpoint::SalesTours, Endpoint::StatisticsTours] {
            let r = ep.route();
            let args = Args::StatusRange(Status::All, range);
            let e = r.path_and_query(RouteStyle::Path, &args).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
            assert!(
                e.message()
                    .starts_with("invalid from/to: the quickstart (path) form of"),
                "{e}"
            );
            assert!(r
                .path_and_query(RouteStyle::Query, &args)
                .unwrap()
                .ends_with("&from=2024-01-01&to=2024-12-31"));
            let none = Args::StatusRange(Status::All, DateRange::default());
            assert_eq!(
                r.path_and_query(RouteStyle::Path, &none).unwrap(),
                [r.quickstart.trim_end_matches("{status}"), "all"].concat()
            );
        }
        let t = Target::slug("tour-x").unwrap();
        let (q, p) = both(
            Endpoint::StatisticsTour,
            Args::TargetRange(t, DateRange::parse(None, Some("2025-01-31")).unwrap()),
        );
        assert_eq!(q, "/statistics/tour?tourSlug=tour-x&to=2025-01-31");
        assert_eq!(p, "/statistics/tour/tour-x?to=2025-01-31");
        assert_eq!(
            both(Endpoint::SalesTerms, Args::Empty),
            ("/sales/terms".into(), "/sales/terms".into())
        );
        let id = Args::PathId(ResourceId::new("abc").unwrap());
        assert_eq!(
            both(Endpoint::Devices, id.clone()),
            (
                "/marketing/devices/abc".into(),
                "/marketing/devices/abc".into()
            )
        );
        assert_eq!(both(Endpoint::Geography, id).0, "/marketing/geography/abc");
        let (q, p) = both(
            Endpoint::ConsentEvent,
            Args::Target(Target::id("e1").unwrap()),
        );
        assert_eq!(q, "/marketing/clients-granted-consent/event?eventId=e1");
        assert_eq!(p, "/marketing/clients-granted-consent/event/e1");
        let (q, p) = both(Endpoint::ConsentTours, Args::Status(Status::All));
        assert_eq!(q, "/marketing/clients-granted-consent/tours?status=all");
        assert_eq!(p, "/marketing/clients-granted-consent/tours/all");
        for ep in Endpoint::ALL {
            let public = matches!(
                ep,
                Endpoint::Events | Endpoint::Event | Endpoint::Tours | Endpoint::Tour
            );
            let expect = if public { Host::Public } else { Host::Private };
            assert_eq!(ep.route().host, expect, "{ep:?}");
        }
    }

    #[test]
    fn response_errors_name_endpoint_status_and_token_kind() {
        let route = Endpoint::Events.route();
        let e = Error::from_response(&route.facts(), 403, Some("Access denied"), None);
        assert_eq!(e.kind(), crate::ErrorKind::AccessDenied);
        assert_eq!(e.status(), Some(403));
        assert_eq!(
            e.message(),
            "events: HTTP 403 access denied: the token may be the wrong kind; verify you are using the correct token type: events needs a public token (a private token is refused here); see the TIXY panel's API Settings (server said: Access denied)"
        );
        let e = Error::from_response(&route.facts(), 418, None, None);
        assert_eq!(
            (e.kind(), e.status()),
            (crate::ErrorKind::BadRequest, Some(418))
        );
        let e = Error::from_response(&route.facts(), 429, None, Some(1500));
        assert_eq!(
            (e.kind(), e.retry_after_ms()),
            (crate::ErrorKind::RateLimited, Some(1500))
        );
    }

    #[test]
    fn messages_follow_tixys_troubleshooting() {
        let e = Error::from_response(&Endpoint::Event.route().facts(), 401, None, None);
        assert_eq!(e.kind(), crate::ErrorKind::InvalidToken);
        assert_eq!(
            e.message(),
            "event: HTTP 401 invalid token: TIXY did not accept the token. Either it is not the one made in the TIXY panel (mistyped, revoked or regenerated: copy it again from the panel's API Settings), or it is the wrong kind: event needs a public token (a private token is refused here)"
        );
        let e = Error::from_response(
            &Endpoint::Tour.route().facts(),
            404,
            Some("Not found"),
            None,
        );
        assert_eq!(
            e.message(),
            "tour: HTTP 404 not found: the id or slug may be wrong, or belong to another organizer's token (server said: Not found)"
        );
        let e = Error::from_response(&Endpoint::Events.route().facts(), 404, None, None);
        assert_eq!(e.message(), "events: HTTP 404 not found");
    }

    #[cfg(feature = "server")]
    #[test]
    fn private_messages_name_the_private_token() {
        let e = Error::from_response(&Endpoint::SalesEvents.route().facts(), 401, None, None);
        assert!(
            e.message().ends_with(concat!(
                "or it is the wrong kind: ",
                crate::text::api_name!("salesEvents", "sales_events"),
                " needs a private token (a public token is refused here)"
            )),
            "{e}"
        );
        let e = Error::from_response(&Endpoint::StatisticsTour.route().facts(), 403, None, None);
        assert!(
            e.message()
                .contains(concat!(crate::text::api_name!("statisticsTour", "statistics_tour"), " needs a private token (a public token is refused here); see the TIXY panel's API Settings")),
            "{e}"
        );
        let e = Error::from_response(&Endpoint::Devices.route().facts(), 404, None, None);
        assert!(e.message().contains("the id or slug may be wrong"), "{e}");
    }
}
