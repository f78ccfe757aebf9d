//! Native checks of the models against the documented JSON (serde_json
//! stands in for serde-wasm-bindgen: both drive the same derives).

use super::*;

#[test]
fn public_event_reads_every_documented_field() {
    let json = r#"{
        "social": {"links": ["https://example.com"]},
        "tickets": {"isTicketResselingEnabled": true, "tickets": [{
            "name": "Early bird", "description": "d", "id": "t1", "isSinglePoolTicket": false, "shouldDisplayTicketName": true,
            "ticketPools": [{"id": "p1", "salesActive": true, "price": "149.00",
                "salesDates": {"start": "2025-01-01", "hasStartDate": true, "end": "2025-02-01", "hasEndDate": true}}]
        }]},
        "dates": {"scanning": {"start": "s", "end": "e"}, "end": "2025-07-01T22:00:00Z", "openings": [{"date": "d", "id": "o1"}]},
        "status": "published", "types": ["concert"], "visibility": "public", "allowResale": false, "name": "Jazz",
        "artistsDetails": "a", "publishTime": "p", "id": "65f1c0ffee0123456789abcd", "slug": "jazz", "createdAt": "c",
        "updatedAt": "u", "category": "music", "restrictions": {"ageLimit": "18"}, "description": "x",
        "someFutureField": {"nested": [1, 2]}
    }"#;
    let e: PublicEvent = serde_json::from_str(json).unwrap();
    assert_eq!(e.id.as_deref(), Some("65f1c0ffee0123456789abcd"));
    let tickets = e.tickets.unwrap();
    assert_eq!(tickets.is_ticket_reselling_enabled, Some(true));
    assert_eq!(
        tickets.tickets[0].ticket_pools[0].price.as_deref(),
        Some("149.00")
    );
    assert_eq!(
        tickets.tickets[0].ticket_pools[0]
            .sales_dates
            .as_ref()
            .unwrap()
            .has_end_date,
        Some(true)
    );
    assert_eq!(e.restrictions.unwrap().age_limit.as_deref(), Some("18"));
    assert_eq!(e.dates.unwrap().openings[0].id.as_deref(), Some("o1"));
    assert_eq!(e.social.unwrap().links.len(), 1);
}

#[test]
fn missing_fields_are_tolerated_id_included() {
    let e: PublicEvent = serde_json::from_str(r#"{"id": "x"}"#).unwrap();
    assert_eq!((e.name, e.types.len()), (None, 0));
    let e: PublicEvent = serde_json::from_str(r#"{"name": "no id"}"#).unwrap();
    assert_eq!((e.id, e.name.as_deref()), (None, Some("no id")));
    let t: PublicTour = serde_json::from_str(r#"{"events": [{"id": "e"}, {}]}"#).unwrap();
    assert_eq!(t.id, None);
    assert_eq!(t.events.len(), 2);
    assert_eq!(t.events[0].id.as_deref(), Some("e"));
}

#[test]
fn null_reads_as_absent() {
    let e: PublicEvent = serde_json::from_str(
        r#"{"id": null, "name": null, "types": null, "social": null,
            "tickets": {"tickets": null, "isTicketResselingEnabled": null},
            "dates": {"openings": null, "scanning": null}}"#,
    )
    .unwrap();
    assert_eq!(
        (e.id, e.name, e.types.len(), e.social),
        (None, None, 0, None)
    );
    let tickets = e.tickets.unwrap();
    assert!(tickets.tickets.is_empty());
    assert_eq!(tickets.is_ticket_reselling_enabled, None);
    assert!(e.dates.unwrap().openings.is_empty());
}

#[test]
fn numbers_in_string_fields_are_kept_as_text() {
    let e: PublicEvent = serde_json::from_str(
        r#"{"id": 42, "restrictions": {"ageLimit": 18},
            "tickets": {"tickets": [{"ticketPools": [{"price": 149}, {"price": 12.5}, {"price": "99.00"}]}]}}"#,
    )
    .unwrap();
    assert_eq!(e.id.as_deref(), Some("42"));
    assert_eq!(e.restrictions.unwrap().age_limit.as_deref(), Some("18"));
    let pools = &e.tickets.unwrap().tickets[0].ticket_pools;
    let prices: Vec<_> = pools.iter().map(|p| p.price.as_deref()).collect();
    assert_eq!(prices, [Some("149"), Some("12.5"), Some("99.00")]);
}

#[test]
fn no_single_odd_field_fails_a_response() {
    let e: PublicEvent = serde_json::from_str(
        r#"{"id": "x", "name": {"nested": true}, "allowResale": "yes", "types": "concert",
            "social": [1, 2], "dates": "soon", "restrictions": {"ageLimit": [18]},
            "tickets": {"tickets": [1, "two", {"name": "Early"}, null, {"ticketPools": {"price": "1"}}]}}"#,
    )
    .unwrap();
    assert_eq!(e.id.as_deref(), Some("x"));
    assert_eq!((e.name, e.allow_resale, e.types.len()), (None, None, 0));
    assert_eq!((e.social, e.dates), (None, None));
    assert_eq!(e.restrictions.unwrap().age_limit, None);
    // The items of the wrong kind are skipped, the objects kept in order.
    let tickets = e.tickets.unwrap().tickets;
    assert_eq!(tickets.len(), 2);
    assert_eq!(tickets[0].name.as_deref(), Some("Early"));
    assert!(tickets[1].ticket_pools.is_empty());
    let t: PublicTour =
        serde_json::from_str(r#"{"events": [true, {"types": ["a", 1, null, {}]}]}"#).unwrap();
    assert_eq!(t.events.len(), 1);
    assert_eq!(t.events[0].types, ["a", "1"]);
}

#[cfg(feature = "server")]
#[test]
fn private_models_read_documented_fields() {
    let s: EventSalesReport = serde_json::from_str(r#"{"id":"e","name":"n","slug":"s",
        "income":{"nettIncome":1.5,"grossIncome":2,"vatAmount":0.5},"commission":{"amount":1,"percentage":5},
        "returns":{"nettReturns":0,"grossReturns":0,"returnedTicketsCount":3,"returnedTicketsPercentage":1.2},
        "vatRate":"23","ticketSales":[{"poolName":"p","combinedName":"c","ticketName":"t","ticketPrice":10,
        "ticketSoldAmount":4,"grossSales":40,"tixyFee":2,"withdraw":38}]}"#).unwrap();
    assert_eq!(s.income.unwrap().gross_income, Some(2.0));
    assert_eq!(s.ticket_sales[0].withdraw, Some(38.0));
    assert_eq!(s.vat_rate.as_deref(), Some("23"));
    let t: TicketStatisticsReport = serde_json::from_str(
        r#"{"id":"e","ticket_statistics":{"sold":{"count":5,"percentage":50}}}"#,
    )
    .unwrap();
    assert_eq!(t.ticket_statistics.unwrap().sold.unwrap().count, Some(5.0));
    let c: EventConsentClients = serde_json::from_str(r#"{"id":"e","clientsGrantedConsent":[{"name":"A","lastName":"B","email":"a@example.com"}]}"#).unwrap();
    assert_eq!(c.clients_granted_consent[0].last_name.as_deref(), Some("B"));
    let s: EventSalesReport = serde_json::from_str(
        r#"{"vatRate":23,"income":{"grossIncome":"12.5"},"ticketSales":null}"#,
    )
    .unwrap();
    assert_eq!(s.vat_rate.as_deref(), Some("23"));
    assert_eq!(s.income.unwrap().gross_income, Some(12.5));
    assert!(s.ticket_sales.is_empty());
    let t: TicketStatisticsReport = serde_json::from_str(r#"{"ticket_statistics":null}"#).unwrap();
    assert_eq!((t.id, t.ticket_statistics), (None, None));
}

#[cfg(feature = "server")]
#[test]
fn tour_consent_reads_both_documented_shapes() {
    let tc: TourConsent =
        serde_json::from_str(r#"{"total_users":10,"consent_granted":{"count":4,"percentage":40}}"#)
            .unwrap();
    let TourConsent::Summary(summary) = tc else {
        panic!("{tc:?}")
    };
    assert_eq!(summary.total_users, Some(10.0));
    assert_eq!(summary.consent_granted.unwrap().count, Some(4.0));
    let tc: TourConsent = serde_json::from_str(
        r#"{"id":"t1","name":"Tour","slug":"tour","clientsGrantedConsent":[{"name":"A","email":"a@example.com"}]}"#,
    )
    .unwrap();
    let TourConsent::Clients(clients) = tc else {
        panic!("{tc:?}")
    };
    assert_eq!(clients.id.as_deref(), Some("t1"));
    assert_eq!(
        clients.clients_granted_consent[0].email.as_deref(),
        Some("a@example.com")
    );
    // The loose shape requires nothing: a name alone still reads as a list.
    let tc: TourConsent = serde_json::from_str(r#"{"name":"Tour"}"#).unwrap();
    assert!(matches!(tc, TourConsent::Clients(c) if c.clients_granted_consent.is_empty()));
    let tc: TourConsent = serde_json::from_str(r#"{}"#).unwrap();
    assert_eq!(tc, TourConsent::default());
}

#[test]
fn missing_lists_read_as_empty() {
    let t: Ticket = serde_json::from_str("{}").unwrap();
    assert!(t.ticket_pools.is_empty());
}

/// Every key of `sent` is in `out` with the same value; keys only in `out`
/// (fields TIXY may send but this body lacks) are `null`.
fn assert_reserialized(sent: &serde_json::Value, out: &serde_json::Value, at: &str) {
    use serde_json::Value;
    match (sent, out) {
        (Value::Object(s), Value::Object(o)) => {
            for (k, v) in s {
                let got = o
                    .get(k)
                    .unwrap_or_else(|| panic!("{at}.{k} missing: {out}"));
                assert_reserialized(v, got, &format!("{at}.{k}"));
            }
            for (k, v) in o.iter().filter(|(k, _)| !s.contains_key(*k)) {
                assert!(v.is_null(), "{at}.{k}: {v} was not sent");
            }
        }
        (Value::Array(s), Value::Array(o)) => {
            assert_eq!(s.len(), o.len(), "{at}");
            for (i, (a, b)) in s.iter().zip(o).enumerate() {
                assert_reserialized(a, b, &format!("{at}[{i}]"));
            }
        }
        // Numbers compare as numbers (`1` and `1.0` are the same to JSON).
        (Value::Number(a), Value::Number(b)) => assert_eq!(a.as_f64(), b.as_f64(), "{at}"),
        _ => assert_eq!(sent, out, "{at}"),
    }
}

#[test]
fn models_serialize_with_tixys_field_names() {
    let sent: serde_json::Value = serde_json::from_str(
        r#"{"id": "e1", "slug": "jazz", "name": "Jazz", "status": "published", "types": ["concert"],
            "allowResale": false, "artistsDetails": "a", "publishTime": "p", "createdAt": "c", "updatedAt": "u",
            "social": {"links": ["https://example.com"]},
            "tickets": {"isTicketResselingEnabled": true, "tickets": [{"id": "t1", "name": "Early bird",
                "ticketPools": [{"id": "p1", "price": "149.00", "salesActive": true,
                    "salesDates": {"start": "s", "end": "e", "hasStartDate": true, "hasEndDate": false}}],
                "isSinglePoolTicket": false, "shouldDisplayTicketName": true}]},
            "dates": {"end": "2025-07-01", "scanning": {"start": "s", "end": "e"}, "openings": [{"id": "o1", "date": "d"}]},
            "restrictions": {"ageLimit": "18"}}"#,
    )
    .unwrap();
    let event: PublicEvent = serde_json::from_value(sent.clone()).unwrap();
    let out = serde_json::to_value(&event).unwrap();
    assert_reserialized(&sent, &out, "event");
    // Read back, it is the same model.
    assert_eq!(serde_json::from_value::<PublicEvent>(out).unwrap(), event);
}

#[cfg(feature = "server")]
#[test]
fn private_models_serialize_with_tixys_field_names() {
    let sent: serde_json::Value = serde_json::from_str(
        r#"{"id": "e1", "name": "Jazz", "slug": "jazz", "vatRate": "21",
            "income": {"nettIncome": 100, "grossIncome": 121.5, "vatAmount": 21.5},
            "commission": {"amount": 5, "percentage": 4.1},
            "returns": {"nettReturns": 0, "grossReturns": 0, "returnedTicketsCount": 0, "returnedTicketsPercentage": 0},
            "ticketSales": [{"poolName": "p", "combinedName": "c", "ticketName": "t", "ticketPrice": 10,
                "ticketSoldAmount": 3, "grossSales": 30, "tixyFee": 1, "withdraw": 29}]}"#,
    )
    .unwrap();
    let report: EventSalesReport = serde_json::from_value(sent.clone()).unwrap();
    assert_reserialized(&sent, &serde_json::to_value(&report).unwrap(), "sales");

    // `TourConsent` is written as the one shape it was read as, untagged.
    let summary = serde_json::json!({"total_users": 10,
        "consent_granted": {"count": 7, "percentage": 70}, "consent_revoked": {"count": 1, "percentage": 10}});
    let consent: TourConsent = serde_json::from_value(summary.clone()).unwrap();
    assert_reserialized(
        &summary,
        &serde_json::to_value(&consent).unwrap(),
        "consent",
    );
}
