//! Marketing consent (`server` feature). Holds personal data (names and
//! e-mails): keep it server-side.

use super::models;
use super::CountPercentage;

models! {
    /// An event with the clients who granted marketing consent.
    pub struct EventConsentClients {
        pub id: String,
        pub name: Option<String>,
        pub slug: Option<String>,
        #[serde(default, rename = "clientsGrantedConsent")]
        pub clients_granted_consent: Vec<ConsentClient>,
    }

    /// A client who granted consent.
    pub struct ConsentClient {
        pub name: Option<String>,
        #[serde(rename = "lastName")]
        pub last_name: Option<String>,
        pub email: Option<String>,
    }

    /// Consent figures of one tour (snake_case on the wire; no `id`).
    pub struct TourConsent {
        pub total_users: Option<f64>,
        pub consent_granted: Option<CountPercentage>,
        pub consent_revoked: Option<CountPercentage>,
    }
}
