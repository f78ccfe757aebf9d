//! Ticket statistics (`server` feature).

use super::models;
use alloc::string::String;

models! {
    /// Ticket statistics of one event or tour (same shape for both).
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct TicketStatisticsReport {
        pub id: Option<String>,
        pub name: Option<String>,
        /// snake_case on the wire.
        pub ticket_statistics: Option<TicketStatistics>,
    }

    /// Ticket counts by state.
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct TicketStatistics {
        pub available: Option<CountPercentage>,
        pub sold: Option<CountPercentage>,
        pub reserved: Option<CountPercentage>,
        pub unsold: Option<CountPercentage>,
        pub returned: Option<CountPercentage>,
        pub invitations: Option<CountPercentage>,
    }

    /// A count and its share.
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct CountPercentage {
        pub count: Option<f64>,
        pub percentage: Option<f64>,
    }
}
