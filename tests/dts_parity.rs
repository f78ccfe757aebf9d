//! The package's `.d.ts` and the crate's models describe the same JSON: each
//! response interface in `pkg-template/index.d.ts` / `server.d.ts` has the
//! name and exactly the fields (wire names) of its Rust model. The models'
//! wire names come from serde itself: a deserializer that only records the
//! field list a derived `Deserialize` hands to `deserialize_struct`.
#![cfg(not(target_arch = "wasm32"))]

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::cell::RefCell;
use std::collections::BTreeMap;
use tixy_connect::*;

#[derive(Debug)]
struct Captured;
impl std::fmt::Display for Captured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("captured")
    }
}
impl std::error::Error for Captured {}
impl de::Error for Captured {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Captured
    }
}

/// Records the `fields` of the first `deserialize_struct` and stops there.
struct FieldNames<'a>(&'a RefCell<Vec<&'static str>>);

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = Captured;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Captured> {
        Err(Captured)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Captured> {
        self.0.borrow_mut().extend_from_slice(fields);
        Err(Captured)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

fn fields<T: for<'de> Deserialize<'de>>() -> Vec<String> {
    let names = RefCell::new(Vec::new());
    let _ = T::deserialize(FieldNames(&names));
    let mut names: Vec<String> = names.into_inner().into_iter().map(String::from).collect();
    names.sort();
    names
}

/// `interface Name [extends Parent] { field?: …; }` of a `.d.ts`: the fields
/// at the interface's own level (not nested object types), parents' merged.
fn interfaces(dts: &str) -> BTreeMap<String, Vec<String>> {
    let mut own: BTreeMap<String, (Option<String>, Vec<String>)> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut depth = 0;
    for line in dts.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("export interface ") {
            let head = rest.trim_end_matches('{').trim();
            let (name, parent) = match head.split_once(" extends ") {
                Some((n, p)) => (n.trim().to_string(), Some(p.trim().to_string())),
                None => (head.to_string(), None),
            };
            own.insert(name.clone(), (parent, Vec::new()));
            current = Some(name);
            depth = 1;
            continue;
        }
        let Some(name) = &current else { continue };
        if depth == 1 && !t.starts_with('[') && !t.starts_with("/*") && !t.starts_with('*') {
            if let Some((field, _)) = t.split_once(':') {
                let field = field.trim_end_matches('?').trim();
                if !field.is_empty() && field.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    own.get_mut(name).unwrap().1.push(field.to_string());
                }
            }
        }
        depth += t.matches('{').count() as i32 - t.matches('}').count() as i32;
        if depth <= 0 {
            current = None;
        }
    }
    own.keys()
        .map(|name| {
            let mut all = Vec::new();
            let mut next = Some(name.clone());
            // A parent from another file (`ClientOptionsBase`) ends the chain.
            while let Some((parent, fields)) = next.and_then(|n| own.get(&n)) {
                all.extend(fields.iter().cloned());
                next = parent.clone();
            }
            all.sort();
            (name.clone(), all)
        })
        .collect()
}

fn check(dts: &str, models: &[(&str, Vec<String>)]) {
    let ts = interfaces(dts);
    for (name, rust) in models {
        let Some(ts_fields) = ts.get(*name) else {
            panic!("the .d.ts has no interface {name} for the Rust model of that name");
        };
        assert_eq!(
            ts_fields, rust,
            "{name}: .d.ts fields (left) vs Rust model (right)"
        );
    }
}

#[test]
fn public_models_and_index_d_ts_agree() {
    check(
        include_str!("../pkg-template/index.d.ts"),
        &[
            ("PublicEvent", fields::<PublicEvent>()),
            ("Social", fields::<Social>()),
            ("EventTickets", fields::<EventTickets>()),
            ("Ticket", fields::<Ticket>()),
            ("TicketPool", fields::<TicketPool>()),
            ("SalesDates", fields::<SalesDates>()),
            ("EventDates", fields::<EventDates>()),
            ("ScanningWindow", fields::<ScanningWindow>()),
            ("Opening", fields::<Opening>()),
            ("Restrictions", fields::<Restrictions>()),
            ("PublicTour", fields::<PublicTour>()),
        ],
    );
}

#[cfg(feature = "server")]
#[test]
fn private_models_and_server_d_ts_agree() {
    check(
        include_str!("../pkg-template/server.d.ts"),
        &[
            ("EventSalesReport", fields::<EventSalesReport>()),
            ("TourSalesReport", fields::<TourSalesReport>()),
            ("Income", fields::<Income>()),
            ("Commission", fields::<Commission>()),
            ("Returns", fields::<Returns>()),
            ("TicketSale", fields::<TicketSale>()),
            ("TicketStatisticsReport", fields::<TicketStatisticsReport>()),
            ("TicketStatistics", fields::<TicketStatistics>()),
            ("CountPercentage", fields::<CountPercentage>()),
            ("EventConsentClients", fields::<EventConsentClients>()),
            ("ConsentClient", fields::<ConsentClient>()),
            ("TourConsentSummary", fields::<TourConsentSummary>()),
        ],
    );
}

#[test]
fn the_parser_sees_a_missing_field() {
    // The test above can fail: a field dropped from a .d.ts interface shows.
    let dts = "export interface Social {\n  [field: string]: unknown;\n}\n";
    let ts = interfaces(dts);
    assert_ne!(ts["Social"], fields::<Social>());
}
