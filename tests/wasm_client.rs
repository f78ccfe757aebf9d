//! The Rust crate on wasm32, against the project's mock TIXY server over real
//! HTTP: run by scripts/test.sh in Node, in headless Chromium (page) and in
//! a Chromium dedicated worker. The mock's URLs are baked in at compile time
//! (TIXY_MOCK_*), and the mock's request log is read back over HTTP.
#![cfg(target_arch = "wasm32")]

use tixy_connect::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const PUBLIC_URL: &str = env!("TIXY_MOCK_PUBLIC_URL");
const CONTROL_URL: &str = env!("TIXY_MOCK_CONTROL_URL");
const PUBLIC_TOKEN: &str = env!("TIXY_MOCK_PUBLIC_TOKEN");
const PRIVATE_TOKEN: &str = env!("TIXY_MOCK_PRIVATE_TOKEN");

fn public(style: RouteStyle) -> PublicClient {
    let options = ClientOptions {
        base_url: Some(PUBLIC_URL.into()),
        route_style: style,
        max_retries: 0,
        ..Default::default()
    };
    PublicClient::new(PublicToken::new(PUBLIC_TOKEN).unwrap(), options).unwrap()
}

fn with_token(token: &str) -> PublicClient {
    let options = ClientOptions {
        base_url: Some(PUBLIC_URL.into()),
        max_retries: 0,
        ..Default::default()
    };
    PublicClient::new(PublicToken::new(token).unwrap(), options).unwrap()
}

/// The mock's request log (newest last), as JS objects.
async fn mock_log() -> Vec<JsValue> {
    let text = gloo_net::http::Request::get(&format!("{CONTROL_URL}/log"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    js_sys::Array::from(&js_sys::JSON::parse(&text).unwrap())
        .iter()
        .collect()
}

/// POSTs `json` to one of the mock's control routes (`/modes`, `/faults`).
async fn control_post(path: &str, json: &str) {
    let res = gloo_net::http::Request::post(&format!("{CONTROL_URL}{path}"))
        .header("content-type", "application/json")
        .body(json)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "POST {path} {json}");
}

/// DELETEs one of the mock's control routes: back to its defaults.
async fn control_delete(path: &str) {
    gloo_net::http::Request::delete(&format!("{CONTROL_URL}{path}"))
        .send()
        .await
        .unwrap();
}

/// Sets the mock's modes (mock-tixy/README.md), e.g. `{"quirks":["no-ids"]}`.
async fn set_modes(json: &str) {
    control_post("/modes", json).await;
}

async fn reset_modes() {
    control_delete("/modes").await;
}

fn field(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |o, k| {
        js_sys::Reflect::get(&o, &JsValue::from_str(k)).unwrap()
    })
}

/// How many requests the mock logged after its first `before` entries
/// without an `Authorization` header.
async fn tokenless_since(before: usize) -> usize {
    mock_log().await[before..]
        .iter()
        .filter(|e| field(e, &["headers", "authorization"]).is_undefined())
        .count()
}

#[wasm_bindgen_test]
async fn typed_events_tours_and_single_items_in_both_route_styles() {
    for style in [RouteStyle::Query, RouteStyle::Path] {
        let c = public(style);
        let published = c.events(Status::Published).await.unwrap();
        assert!(!published.is_empty());
        assert!(published
            .iter()
            .all(|e| e.status.as_deref() == Some("published")));
        let all = c.events(Status::All).await.unwrap();
        assert!(
            all.len() > published.len(),
            "`all` includes past-due events"
        );

        let first = &published[0];
        let slug = first.slug.clone().unwrap();
        let by_slug = c.event(Target::slug(&slug).unwrap()).await.unwrap();
        let by_id = c
            .event(Target::id(first.id.as_deref().unwrap()).unwrap())
            .await
            .unwrap();
        assert_eq!(by_slug.id, first.id);
        assert_eq!(by_id, by_slug);
        let pools = &by_id.tickets.as_ref().unwrap().tickets[0].ticket_pools;
        assert!(
            pools[0].price.as_deref().unwrap().contains('.'),
            "prices stay decimal strings"
        );

        let tours = c.tours(Status::All).await.unwrap();
        let tour = c
            .tour(Target::id(tours[0].id.as_deref().unwrap()).unwrap())
            .await
            .unwrap();
        assert_eq!(tour.id, tours[0].id);
        assert!(!tour.events.is_empty());
    }
}

#[wasm_bindgen_test]
async fn the_mock_sees_the_exact_url_and_bearer_token() {
    let c = public(RouteStyle::Path);
    c.events(Status::PastDue).await.unwrap();
    let log = mock_log().await;
    let last = log
        .iter()
        .rev()
        .find(|r| field(r, &["preflight"]).as_bool() != Some(true))
        .unwrap();
    assert_eq!(
        field(last, &["url"]).as_string().unwrap(),
        "/events/pastdue"
    );
    let expected = format!("Bearer {PUBLIC_TOKEN}");
    assert_eq!(
        field(last, &["headers", "authorization"]).as_string(),
        Some(expected)
    );
}

#[wasm_bindgen_test]
async fn http_errors_become_contract_kinds() {
    let c = public(RouteStyle::Query);
    let e = c
        .event(Target::slug("no-such-event").unwrap())
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::NotFound, Some(404)));
    assert!(e.message().starts_with("event: HTTP 404"), "{e}");

    let e = with_token("tixy_pub_unknown")
        .events(Status::All)
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::InvalidToken, Some(401)));
    assert!(!e.to_string().contains("tixy_pub_unknown"));

    // The private token on the public host: the wrong kind of token.
    let e = with_token(PRIVATE_TOKEN)
        .events(Status::All)
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::AccessDenied, Some(403)));
    assert!(e.message().contains("wrong kind"), "{e}");
    assert!(!format!("{e:?}").contains(PRIVATE_TOKEN));
}

#[wasm_bindgen_test]
async fn what_the_documented_api_allows_decodes() {
    let c = public(RouteStyle::Query);
    set_modes(r#"{"quirks":["no-ids","numeric-prices"]}"#).await;
    let events = c.events(Status::All).await;
    let first_slug = events.as_ref().ok().and_then(|e| e[0].slug.clone());
    let one = c
        .event(Target::slug(first_slug.as_deref().unwrap_or("x")).unwrap())
        .await;
    set_modes(r#"{"quirks":["null-lists"]}"#).await;
    let nulls = c.events(Status::All).await;
    reset_modes().await;

    // Items without an id are kept, not a decode error for the whole list.
    let events = events.unwrap();
    assert!(events.iter().any(|e| e.id.is_none()) && events.iter().any(|e| e.id.is_some()));
    let one = one.unwrap();
    assert_eq!(one.id, None);
    // A number where a decimal string is documented keeps its text.
    let price = one.tickets.unwrap().tickets[0].ticket_pools[0]
        .price
        .clone()
        .unwrap();
    assert!(price.parse::<f64>().is_ok(), "{price}");
    // null where a list is documented reads as an empty list.
    let nulls = nulls.unwrap();
    assert!(nulls.iter().all(|e| e.types.is_empty()));
    assert!(nulls
        .iter()
        .all(|e| e.tickets.as_ref().is_none_or(|t| t.tickets.is_empty())));
}

#[wasm_bindgen_test]
async fn error_messages_follow_tixys_troubleshooting() {
    let e = with_token("tixy_pub_unknown")
        .events(Status::All)
        .await
        .unwrap_err();
    assert!(
        e.message()
            .contains("copy it again from the panel's API Settings"),
        "{e}"
    );
    assert!(e.message().contains("events needs a public token"), "{e}");
    let e = public(RouteStyle::Query)
        .event(Target::id("ffffffffffffffffffffffff").unwrap())
        .await
        .unwrap_err();
    assert!(
        e.message().contains("belong to another organizer's token"),
        "{e}"
    );
    // TIXY does not document which status a token of the wrong kind gets: with
    // 401 the message still names the wrong kind and the kind needed.
    set_modes(r#"{"wrongKindStatus":401}"#).await;
    let e = with_token(PRIVATE_TOKEN).events(Status::All).await;
    reset_modes().await;
    let e = e.unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::InvalidToken, Some(401)));
    assert!(
        e.message()
            .contains("or it is the wrong kind: events needs a public token"),
        "{e}"
    );
}

#[wasm_bindgen_test]
async fn raw_json_keeps_every_field_and_an_aborted_signal_sends_nothing() {
    let c = public(RouteStyle::Query);
    let raw = c.events(Status::Published).send_raw().await.unwrap();
    let first = js_sys::Array::from(&raw).get(0);
    assert!(field(&first, &["tickets", "isTicketResselingEnabled"])
        .as_bool()
        .is_some());

    let before = mock_log().await.len();
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let e = c
        .events(Status::All)
        .signal(controller.signal())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Aborted);
    assert_eq!(
        tokenless_since(before).await,
        0,
        "a request went out without a token"
    );
}

#[wasm_bindgen_test]
async fn set_token_rotates_a_live_client() {
    let c = with_token("tixy_pub_unknown");
    assert_eq!(
        c.events(Status::All).await.unwrap_err().kind(),
        ErrorKind::InvalidToken
    );
    c.set_token(PublicToken::new(PUBLIC_TOKEN).unwrap());
    assert!(!c.events(Status::All).await.unwrap().is_empty());
}

/// Issue 16: a token provider is called at the first call, once for the
/// calls waiting on it, and once more after a 401 (then the request repeats
/// once); a second 401 is final; a failing provider is `InvalidToken`.
#[wasm_bindgen_test]
async fn a_token_provider_is_called_lazily_shared_and_refreshed_once_after_a_401() {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen_futures::{future_to_promise, JsFuture};

    let options = || ClientOptions {
        base_url: Some(PUBLIC_URL.into()),
        max_retries: 0,
        ..Default::default()
    };
    // The first token is already revoked; the second is the good one.
    let calls = Rc::new(Cell::new(0u32));
    let counter = calls.clone();
    let tixy = PublicClient::with_token_provider(
        move || {
            counter.set(counter.get() + 1);
            let n = counter.get();
            async move {
                PublicToken::new(if n == 1 {
                    "pubtok_REVOKED_wasm_0c1d"
                } else {
                    PUBLIC_TOKEN
                })
            }
        },
        options(),
    )
    .unwrap();
    assert_eq!(calls.get(), 0, "the constructor called the provider");
    let before = mock_log().await.len();
    // Two calls at once: one provider call, both refused, one refresh, both repeated.
    let start = |status| {
        let call = tixy.events(status).send_raw();
        future_to_promise(async move { call.await.map_err(|e| JsValue::from_str(e.message())) })
    };
    let both = js_sys::Promise::all(&js_sys::Array::of2(
        &start(Status::All),
        &start(Status::Published),
    ));
    JsFuture::from(both)
        .await
        .expect("both calls succeed after the refresh");
    assert_eq!(calls.get(), 2, "one provider call, and one after the 401s");
    // Other tests run beside this one: only this test sends the revoked token.
    let log = mock_log().await;
    let auth: Vec<String> = log[before..]
        .iter()
        .map(|e| {
            field(e, &["headers", "authorization"])
                .as_string()
                .unwrap_or_default()
        })
        .collect();
    let revoked = auth
        .iter()
        .filter(|a| a.ends_with("REVOKED_wasm_0c1d"))
        .count();
    assert_eq!(revoked, 2, "{auth:?}");
    // The token is kept: no provider call without a 401.
    assert!(!tixy.events(Status::All).await.unwrap().is_empty());
    assert_eq!(calls.get(), 2);

    // Always a revoked token: the second 401 is final.
    let calls = Rc::new(Cell::new(0u32));
    let counter = calls.clone();
    let revoked = PublicClient::with_token_provider(
        move || {
            counter.set(counter.get() + 1);
            async { PublicToken::new("pubtok_REVOKED_wasm_0c1d") }
        },
        options(),
    )
    .unwrap();
    let e = revoked.events(Status::All).await.unwrap_err();
    assert_eq!(
        (e.kind(), e.status(), calls.get()),
        (ErrorKind::InvalidToken, Some(401), 2)
    );

    // A provider that fails: InvalidToken, before any request.
    let failing =
        PublicClient::with_token_provider(|| async { PublicToken::new("") }, options()).unwrap();
    let before = mock_log().await.len();
    let e = failing.events(Status::All).await.unwrap_err();
    // Status 401 though nothing was sent: CONTRACT.md's `invalid_token` row.
    assert_eq!((e.kind(), e.status()), (ErrorKind::InvalidToken, Some(401)));
    assert_eq!(
        tokenless_since(before).await,
        0,
        "a request went out without a token"
    );
}

/// Review of issue 16: a token provider that never settles does not hang
/// the call: the call's timeout bounds the wait, and it sends nothing.
#[wasm_bindgen_test]
async fn a_token_provider_that_never_settles_times_out() {
    let options = ClientOptions {
        base_url: Some(PUBLIC_URL.into()),
        max_retries: 0,
        timeout_ms: 200,
        ..Default::default()
    };
    let hung = PublicClient::with_token_provider(
        std::future::pending::<Result<PublicToken, Error>>,
        options,
    )
    .unwrap();
    let e = hung.events(Status::All).await.unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::Timeout, None));
}

#[cfg(feature = "server")]
mod private {
    use super::*;
    use wasm_bindgen::JsCast;

    const PRIVATE_URL: &str = env!("TIXY_MOCK_PRIVATE_URL");

    fn private() -> Result<PrivateClient, Error> {
        let options = ClientOptions {
            base_url: Some(PRIVATE_URL.into()),
            max_retries: 0,
            ..Default::default()
        };
        PrivateClient::new(PrivateToken::new(PRIVATE_TOKEN).unwrap(), options)
    }

    fn in_browser() -> bool {
        let g = js_sys::global();
        g.dyn_ref::<web_sys::EventTarget>().is_some() && field(&g, &["process"]).is_undefined()
    }

    #[wasm_bindgen_test]
    async fn private_endpoints_typed_or_refused_in_a_browser() {
        if in_browser() {
            // A page or a browser worker: the private client must not start.
            assert_eq!(private().unwrap_err().kind(), ErrorKind::BrowserRuntime);
            return;
        }
        let c = private().unwrap();
        let range = DateRange::parse(Some("2024-01-01"), Some("2026-12-31")).unwrap();
        let sales = c.sales_events(Status::All, range).await.unwrap();
        assert!(!sales.is_empty() && sales[0].income.is_some());
        let one = c
            .sales_event(
                Target::id(sales[0].id.as_deref().unwrap()).unwrap(),
                DateRange::ALL,
            )
            .await
            .unwrap();
        assert_eq!(one.id, sales[0].id);
        let stats = c
            .statistics_events(Status::Published, DateRange::ALL)
            .await
            .unwrap();
        assert!(stats[0].ticket_statistics.is_some());
        let consent = c
            .consent_event(Target::id(sales[0].id.as_deref().unwrap()).unwrap())
            .await
            .unwrap();
        assert!(consent
            .clients_granted_consent
            .iter()
            .all(|c| c.email.is_some()));
        let tours = c.sales_tours(Status::All, DateRange::ALL).await.unwrap();
        let tour_consent = c
            .consent_tour(Target::id(tours[0].id.as_deref().unwrap()).unwrap())
            .await
            .unwrap();
        assert!(
            matches!(&tour_consent, TourConsent::Summary(s) if s.total_users.is_some()),
            "{tour_consent:?}"
        );
        assert!(c.sales_terms().await.unwrap().is_object());
        assert!(c
            .devices(ResourceId::new(sales[0].id.clone().unwrap()).unwrap())
            .await
            .unwrap()
            .is_object());
        let range_err = DateRange::parse(Some("2024-02-30"), None).unwrap_err();
        assert_eq!(range_err.kind(), ErrorKind::InvalidInput);
    }

    #[wasm_bindgen_test]
    async fn both_shapes_of_consent_tour_and_no_undocumented_range() {
        if in_browser() {
            return; // the private client is refused there (test above)
        }
        let c = private().unwrap();
        let tours = c.sales_tours(Status::All, DateRange::ALL).await.unwrap();
        let tour = Target::id(tours[0].id.as_deref().unwrap()).unwrap();
        set_modes(r#"{"quirks":["consent-tour-clients"]}"#).await;
        let consent = c.consent_tour(tour).await;
        reset_modes().await;
        match consent.unwrap() {
            TourConsent::Clients(list) => {
                assert_eq!(list.id, tours[0].id);
                assert!(list
                    .clients_granted_consent
                    .iter()
                    .all(|c| c.email.is_some()));
            }
            other => panic!("expected the client-list shape, got {other:?}"),
        }
        // The quickstart form of salesTours documents no from/to: refused, not sent.
        let options = ClientOptions {
            base_url: Some(PRIVATE_URL.into()),
            route_style: RouteStyle::Path,
            ..Default::default()
        };
        let path = PrivateClient::new(PrivateToken::new(PRIVATE_TOKEN).unwrap(), options).unwrap();
        let before = mock_log().await.len();
        let range = DateRange::parse(Some("2024-01-01"), None).unwrap();
        let e = path.sales_tours(Status::All, range).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        assert_eq!(mock_log().await.len(), before, "nothing was sent");
        assert!(!path
            .sales_tours(Status::All, DateRange::ALL)
            .await
            .unwrap()
            .is_empty());
    }
}

#[wasm_bindgen_test]
async fn dropping_the_future_aborts_the_fetch() {
    use std::future::{Future, IntoFuture};
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    // `Waker::noop()` needs Rust 1.85; the crate's MSRV is 1.82.
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    let waker = Waker::from(Arc::new(Noop));
    // An injected fetch that keeps the request's signal where the test can see it.
    let spy = js_sys::Function::new_with_args(
        "url, init",
        "globalThis.__tixyLastSignal = init.signal; return fetch(url, init);",
    );
    let options = ClientOptions {
        base_url: Some(PUBLIC_URL.into()),
        fetch: Some(spy),
        ..Default::default()
    };
    let client = PublicClient::new(PublicToken::new(PUBLIC_TOKEN).unwrap(), options).unwrap();
    let mut call = Box::pin(client.events(Status::All).into_future());
    // One poll starts the fetch (the spy runs synchronously), then the future is dropped.
    let pending = call.as_mut().poll(&mut Context::from_waker(&waker));
    assert!(matches!(pending, Poll::Pending));
    let signal = field(&js_sys::global(), &["__tixyLastSignal"]);
    assert_eq!(
        field(&signal, &["aborted"]).as_bool(),
        Some(false),
        "in flight before the drop"
    );
    drop(call);
    assert_eq!(
        field(&signal, &["aborted"]).as_bool(),
        Some(true),
        "dropping the future aborts the fetch"
    );
}

/// `baseUrl` rules on real strings, through the host's own URL parser (the
/// one fetch uses); `config.rs` tests the rules on parsed parts natively.
#[wasm_bindgen_test]
fn base_urls_are_judged_by_the_hosts_url_parser() {
    let client = |base: &str| {
        let options = ClientOptions {
            base_url: Some(base.into()),
            ..Default::default()
        };
        PublicClient::new(PublicToken::new(PUBLIC_TOKEN).unwrap(), options)
    };
    for (good, origin) in [
        (
            "https://public-api.tixyapp.com",
            "https://public-api.tixyapp.com",
        ),
        ("HTTP://127.0.0.1:8787/tixy/", "http://127.0.0.1:8787"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("http://[::1]:9000/", "http://[::1]:9000"),
        ("http://127.1.2.3", "http://127.1.2.3"),
        ("https://[2001:db8::1]:443", "https://[2001:db8::1]"),
        // What fetch would connect to is what is judged: this is 127.0.0.1.
        ("http://0x7f.1:8080", "http://127.0.0.1:8080"),
        (
            "https://Public-API.TixyApp.com:8443/v1",
            "https://public-api.tixyapp.com:8443",
        ),
    ] {
        let c = client(good).unwrap_or_else(|e| panic!("{good}: {e}"));
        let debug = format!("{c:?}");
        assert!(debug.contains(&format!("{origin:?}")), "{good}: {debug}");
    }
    for bad in [
        "http://public-api.tixyapp.com",
        "http://10.0.0.1",
        "http://127.0.0.1.evil.com",
        "http://localhost.evil.com",
        // `*.localhost` resolves through DNS in Node, Deno and Bun.
        "http://api.localhost",
        "http://localhost.:8080",
        // The private API's host, however it is spelled (issue 12, item 2).
        "https://private-api.tixyapp.com/sales",
        "https://PRIVATE-API.TixyApp.COM./",
        "https://private-api.tixyapp.com..:443/x",
        "https://%70rivate-api.tixyapp.com",
        "https://\u{ff50}rivate-api.tixyapp.com",
        "ftp://x.com",
        "public-api.tixyapp.com",
        "/relative/path",
        "https://user:pw@x.com",
        "https://:pw@x.com",
        "https://x.com/?a=1",
        "https://x.com/?",
        "https://x.com/#f",
        "https://",
        "https://x.com:99999",
        "https://x .com",
        "https://x.com\n",
        "\thttps://x.com",
        "http://[::2]",
        "http://127.0.0.256",
    ] {
        let e = client(bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{bad:?}");
        // Rust names in the Rust (`std`) build: `base_url`.
        let field = if cfg!(feature = "std") {
            "invalid base_url"
        } else {
            "invalid baseUrl"
        };
        assert!(e.message().starts_with(field), "{bad:?}: {e}");
    }
}

/// Queues one mock fault (mock-tixy/README.md, "Faults").
async fn add_fault(json: &str) {
    control_post("/faults", json).await;
}

async fn clear_faults() {
    control_delete("/faults").await;
}

/// The slug of the mock's first event.
async fn first_slug(c: &PublicClient) -> String {
    let events = c.events(Status::All).await.unwrap();
    events.iter().find_map(|e| e.slug.clone()).unwrap()
}

/// A `Call` is a `Future`: `futures::join!` takes calls as they are, and
/// they are under way together (one request each, all answered).
// A `Future` in the Rust (`std`) build; the npm build has no use for it.
#[cfg(feature = "std")]
#[wasm_bindgen_test]
async fn futures_join_takes_calls_as_they_are() {
    let c = public(RouteStyle::Query);
    let slug = first_slug(&c).await;
    let before = mock_log().await.len();
    let (events, tours, one) = futures::join!(
        c.events(Status::All),
        c.tours(Status::All),
        c.event(Target::slug(&slug).unwrap()),
    );
    let (events, tours, one) = (events.unwrap(), tours.unwrap(), one.unwrap());
    assert!(!events.is_empty() && !tours.is_empty());
    assert_eq!(one.slug.as_deref(), Some(slug.as_str()));
    // The same results as one at a time.
    assert_eq!(events, c.events(Status::All).await.unwrap());
    let paths: Vec<String> = mock_log().await[before..]
        .iter()
        .filter_map(|e| field(e, &["path"]).as_string())
        .collect();
    assert_eq!(paths[..3], ["/events", "/tours", "/event"], "{paths:?}");
}

/// `futures::select!` on calls (fused, as select! wants any future): the one
/// that answers wins, and the loser, dropped, has its fetch aborted.
// A `Future` in the Rust (`std`) build; the npm build has no use for it.
#[cfg(feature = "std")]
#[wasm_bindgen_test]
async fn futures_select_takes_calls_and_drops_the_loser() {
    use futures::FutureExt;
    clear_faults().await;
    // /tours answers its headers, then a body byte a second: it never ends in this test.
    add_fault(r#"{"match":{"server":"public","path":"/tours"},"type":"endless","ms":1000}"#).await;
    let spy = js_sys::Function::new_with_args(
        "url, init",
        "if (url.includes('/tours')) globalThis.__tixyToursSignal = init.signal; return fetch(url, init);",
    );
    let options = ClientOptions {
        base_url: Some(PUBLIC_URL.into()),
        max_retries: 0,
        fetch: Some(spy),
        ..Default::default()
    };
    let c = PublicClient::new(PublicToken::new(PUBLIC_TOKEN).unwrap(), options).unwrap();
    let winner = futures::select! {
        tours = c.tours(Status::All).fuse() => format!("tours: {tours:?}"),
        events = c.events(Status::All).fuse() => format!("events: {}", events.unwrap().len()),
    };
    assert!(winner.starts_with("events: "), "{winner}");
    let signal = field(&js_sys::global(), &["__tixyToursSignal"]);
    assert_eq!(
        field(&signal, &["aborted"]).as_bool(),
        Some(true),
        "the dropped call's fetch is aborted"
    );
    clear_faults().await;
}

/// `Call::timeout` takes a `Duration` and cannot fail; the timeout it sets
/// is the one the call keeps.
#[wasm_bindgen_test]
async fn a_calls_timeout_is_a_duration() {
    clear_faults().await;
    add_fault(r#"{"match":{"server":"public","path":"/events"},"type":"delay","ms":3000}"#).await;
    let e = public(RouteStyle::Query)
        .events(Status::All)
        .timeout(core::time::Duration::from_millis(100))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    clear_faults().await;
}

/// `?` converts the crate's error into a boxed one (any `Box<dyn Error>`
/// context) and into `wasm_bindgen::JsError` (a `#[wasm_bindgen]` export).
#[wasm_bindgen_test]
async fn question_mark_into_boxed_and_js_errors() {
    async fn boxed(c: &PublicClient) -> Result<usize, Box<dyn std::error::Error>> {
        Ok(c.event(Target::slug("no-such-event").unwrap())
            .await?
            .name
            .map_or(0, |n| n.len()))
    }
    async fn js(c: &PublicClient) -> Result<usize, wasm_bindgen::JsError> {
        Ok(c.events(Status::All).await?.len())
    }
    let c = public(RouteStyle::Query);
    let e = boxed(&c).await.unwrap_err();
    assert!(e.to_string().starts_with("event: HTTP 404"), "{e}");
    assert_eq!(
        e.downcast_ref::<Error>().map(Error::kind),
        Some(ErrorKind::NotFound)
    );
    assert!(js(&c).await.unwrap() > 0);
}

/// Models re-serialise with TIXY's field names, as a Worker's
/// `Response::from_json` would write them.
#[wasm_bindgen_test]
async fn models_reserialise_as_tixy_spells_them() {
    let c = public(RouteStyle::Query);
    let slug = first_slug(&c).await;
    let raw = c
        .event(Target::slug(&slug).unwrap())
        .send_raw()
        .await
        .unwrap();
    let typed = c.event(Target::slug(&slug).unwrap()).await.unwrap();
    let out = serde_json::to_value(&typed).unwrap();
    // Every documented field TIXY sent comes back under its own name.
    for key in [
        "id",
        "slug",
        "name",
        "allowResale",
        "createdAt",
        "tickets",
        "dates",
    ] {
        let sent = field(&raw, &[key]);
        if !sent.is_undefined() {
            assert!(out.get(key).is_some_and(|v| !v.is_null()), "{key}: {out}");
        }
    }
    assert_eq!(out["slug"], slug.as_str());
}
