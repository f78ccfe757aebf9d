//! Marketing consent (`server` feature). Holds personal data (names and
//! e-mails): keep it server-side.

use super::models;
use super::tolerant::field;
use super::CountPercentage;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;

models! {
    /// An event with the clients who granted marketing consent.
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct EventConsentClients {
        pub id: Option<String>,
        pub name: Option<String>,
        pub slug: Option<String>,
        #[serde(rename = "clientsGrantedConsent")]
        pub clients_granted_consent: Vec<ConsentClient>,
    }

    /// A client who granted consent.
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct ConsentClient {
        pub name: Option<String>,
        #[serde(rename = "lastName")]
        pub last_name: Option<String>,
        pub email: Option<String>,
    }

    /// Consent figures of one tour: the shape the `consentTour` reference
    /// page documents (snake_case on the wire; no `id`).
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct TourConsentSummary {
        pub total_users: Option<f64>,
        pub consent_granted: Option<CountPercentage>,
        pub consent_revoked: Option<CountPercentage>,
    }
}

/// Every field either shape of [`TourConsent`] may carry, read first so
/// that the shape can be told from what the body holds.
#[derive(Deserialize)]
struct EitherShape {
    #[serde(default, deserialize_with = "field")]
    total_users: Option<f64>,
    #[serde(default, deserialize_with = "field")]
    consent_granted: Option<CountPercentage>,
    #[serde(default, deserialize_with = "field")]
    consent_revoked: Option<CountPercentage>,
    #[serde(default, deserialize_with = "field")]
    id: Option<String>,
    #[serde(default, deserialize_with = "field")]
    name: Option<String>,
    #[serde(default, deserialize_with = "field")]
    slug: Option<String>,
    #[serde(default, rename = "clientsGrantedConsent", deserialize_with = "field")]
    clients_granted_consent: Option<Vec<ConsentClient>>,
}

/// What `consentTour` returns. TIXY documents two shapes for it: the
/// reference page's aggregate figures, and (the page's title, and the
/// events' endpoint) a client list like [`EventConsentClients`].
// Serialized as the inner object alone, the shape TIXY sent.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
#[non_exhaustive]
#[cfg_attr(docsrs, doc(cfg(feature = "server")))]
pub enum TourConsent {
    /// `{ total_users, consent_granted, consent_revoked }`. Also what an
    /// object with neither shape's fields reads as.
    Summary(TourConsentSummary),
    /// `{ id, name, slug, clientsGrantedConsent }`: read as such when the
    /// body has a client list, or identifies the tour and has no figures.
    Clients(EventConsentClients),
}

impl Default for TourConsent {
    fn default() -> Self {
        TourConsent::Summary(TourConsentSummary::default())
    }
}

impl<'de> serde::Deserialize<'de> for TourConsent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let b = EitherShape::deserialize(d)?;
        let figures =
            b.total_users.is_some() || b.consent_granted.is_some() || b.consent_revoked.is_some();
        let names_a_tour = b.id.is_some() || b.name.is_some() || b.slug.is_some();
        Ok(match b.clients_granted_consent {
            Some(clients) => TourConsent::Clients(EventConsentClients {
                id: b.id,
                name: b.name,
                slug: b.slug,
                clients_granted_consent: clients,
            }),
            None if names_a_tour && !figures => TourConsent::Clients(EventConsentClients {
                id: b.id,
                name: b.name,
                slug: b.slug,
                clients_granted_consent: Vec::new(),
            }),
            None => TourConsent::Summary(TourConsentSummary {
                total_users: b.total_users,
                consent_granted: b.consent_granted,
                consent_revoked: b.consent_revoked,
            }),
        })
    }
}

impl crate::client::Model for TourConsent {}
