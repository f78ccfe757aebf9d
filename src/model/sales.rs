//! Sales reports (`server` feature).

use super::models;
use alloc::string::String;
use alloc::vec::Vec;

models! {
    /// Sales of one event, with the per-ticket breakdown.
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct EventSalesReport {
        pub id: Option<String>,
        pub name: Option<String>,
        pub slug: Option<String>,
        pub income: Option<Income>,
        pub commission: Option<Commission>,
        pub returns: Option<Returns>,
        /// A string, as the API sends it (its format is undocumented).
        #[serde(rename = "vatRate")]
        pub vat_rate: Option<String>,
        #[serde(rename = "ticketSales")]
        pub ticket_sales: Vec<TicketSale>,
    }

    /// Sales of one tour (no per-ticket breakdown).
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct TourSalesReport {
        pub id: Option<String>,
        pub name: Option<String>,
        pub slug: Option<String>,
        pub income: Option<Income>,
        pub commission: Option<Commission>,
        pub returns: Option<Returns>,
        #[serde(rename = "vatRate")]
        pub vat_rate: Option<String>,
    }

    /// Income figures.
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct Income {
        #[serde(rename = "nettIncome")]
        pub nett_income: Option<f64>,
        #[serde(rename = "grossIncome")]
        pub gross_income: Option<f64>,
        #[serde(rename = "vatAmount")]
        pub vat_amount: Option<f64>,
    }

    /// TIXY's commission.
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct Commission {
        pub amount: Option<f64>,
        pub percentage: Option<f64>,
    }

    /// Returned tickets.
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct Returns {
        #[serde(rename = "nettReturns")]
        pub nett_returns: Option<f64>,
        #[serde(rename = "grossReturns")]
        pub gross_returns: Option<f64>,
        #[serde(rename = "returnedTicketsCount")]
        pub returned_tickets_count: Option<f64>,
        #[serde(rename = "returnedTicketsPercentage")]
        pub returned_tickets_percentage: Option<f64>,
    }

    /// One line of an event's ticket sales.
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    pub struct TicketSale {
        #[serde(rename = "poolName")]
        pub pool_name: Option<String>,
        #[serde(rename = "combinedName")]
        pub combined_name: Option<String>,
        #[serde(rename = "ticketName")]
        pub ticket_name: Option<String>,
        #[serde(rename = "ticketPrice")]
        pub ticket_price: Option<f64>,
        #[serde(rename = "ticketSoldAmount")]
        pub ticket_sold_amount: Option<f64>,
        #[serde(rename = "grossSales")]
        pub gross_sales: Option<f64>,
        #[serde(rename = "tixyFee")]
        pub tixy_fee: Option<f64>,
        pub withdraw: Option<f64>,
    }
}
