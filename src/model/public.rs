//! The public API's event and tour (`PublicEvent`, `PublicTour`).

use super::models;
use alloc::string::String;
use alloc::vec::Vec;

models! {
    /// An event as the public API returns it.
    pub struct PublicEvent {
        pub id: Option<String>,
        pub slug: Option<String>,
        pub name: Option<String>,
        pub description: Option<String>,
        pub status: Option<String>,
        pub visibility: Option<String>,
        pub category: Option<String>,
                pub types: Vec<String>,
        #[serde(rename = "allowResale")]
        pub allow_resale: Option<bool>,
        #[serde(rename = "artistsDetails")]
        pub artists_details: Option<String>,
        #[serde(rename = "publishTime")]
        pub publish_time: Option<String>,
        #[serde(rename = "createdAt")]
        pub created_at: Option<String>,
        #[serde(rename = "updatedAt")]
        pub updated_at: Option<String>,
        pub social: Option<Social>,
        pub tickets: Option<EventTickets>,
        pub dates: Option<EventDates>,
        pub restrictions: Option<Restrictions>,
    }

    /// `social` of an event.
    pub struct Social {
                pub links: Vec<String>,
    }

    /// `tickets` of an event.
    pub struct EventTickets {
        /// Spelled "Resseling" by the API.
        #[serde(rename = "isTicketResselingEnabled")]
        pub is_ticket_reselling_enabled: Option<bool>,
                pub tickets: Vec<Ticket>,
    }

    /// One ticket type of an event.
    pub struct Ticket {
        pub id: Option<String>,
        pub name: Option<String>,
        pub description: Option<String>,
        #[serde(rename = "ticketPools")]
        pub ticket_pools: Vec<TicketPool>,
        #[serde(rename = "isSinglePoolTicket")]
        pub is_single_pool_ticket: Option<bool>,
        #[serde(rename = "shouldDisplayTicketName")]
        pub should_display_ticket_name: Option<bool>,
    }

    /// A pool (price tier) of a ticket.
    pub struct TicketPool {
        pub id: Option<String>,
        /// A decimal string, as the API sends it.
        pub price: Option<String>,
        #[serde(rename = "salesActive")]
        pub sales_active: Option<bool>,
        #[serde(rename = "salesDates")]
        pub sales_dates: Option<SalesDates>,
    }

    /// When a pool is on sale.
    pub struct SalesDates {
        pub start: Option<String>,
        pub end: Option<String>,
        #[serde(rename = "hasStartDate")]
        pub has_start_date: Option<bool>,
        #[serde(rename = "hasEndDate")]
        pub has_end_date: Option<bool>,
    }

    /// `dates` of an event (the API documents no `start`).
    pub struct EventDates {
        pub end: Option<String>,
        pub scanning: Option<ScanningWindow>,
                pub openings: Vec<Opening>,
    }

    /// When tickets are scanned at the door.
    pub struct ScanningWindow {
        pub start: Option<String>,
        pub end: Option<String>,
    }

    /// A door opening.
    pub struct Opening {
        pub id: Option<String>,
        pub date: Option<String>,
    }

    /// `restrictions` of an event.
    pub struct Restrictions {
        /// A string, as the API sends it.
        #[serde(rename = "ageLimit")]
        pub age_limit: Option<String>,
    }

    /// A tour: a named series of events.
    pub struct PublicTour {
        pub id: Option<String>,
        pub slug: Option<String>,
        pub name: Option<String>,
        pub description: Option<String>,
        pub status: Option<String>,
                pub events: Vec<PublicEvent>,
    }
}
