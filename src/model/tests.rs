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
    assert_eq!(e.id, "65f1c0ffee0123456789abcd");
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
fn missing_fields_are_tolerated_but_id_is_required() {
    let e: PublicEvent = serde_json::from_str(r#"{"id": "x"}"#).unwrap();
    assert_eq!((e.name, e.types.len()), (None, 0));
    assert!(serde_json::from_str::<PublicEvent>(r#"{"name": "no id"}"#).is_err());
    assert!(serde_json::from_str::<PublicTour>(r#"{"name": "no id"}"#).is_err());
    let t: PublicTour = serde_json::from_str(r#"{"id": "t", "events": [{"id": "e"}]}"#).unwrap();
    assert_eq!(t.events[0].id, "e");
}

#[test]
fn string_typed_fields_stay_strings() {
    assert!(
        serde_json::from_str::<PublicEvent>(r#"{"id":"x","restrictions":{"ageLimit":18}}"#)
            .is_err()
    );
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
    let tc: TourConsent =
        serde_json::from_str(r#"{"total_users":10,"consent_granted":{"count":4,"percentage":40}}"#)
            .unwrap();
    assert_eq!(tc.total_users, Some(10.0));
}

#[test]
fn missing_lists_read_as_empty() {
    let t: Ticket = serde_json::from_str("{}").unwrap();
    assert!(t.ticket_pools.is_empty());
}
