//! The 15 private endpoints (`server` feature), declared once, like the
//! public ones (`public.rs` says how a row reads): sales, ticket statistics,
//! marketing statistics and marketing consent.

use crate::client::{Call, Private, PrivateClient};
use crate::model::{
    EventConsentClients, EventSalesReport, TicketStatisticsReport, TourConsent, TourSalesReport,
};
use crate::params::{DateRange, ResourceId, Status, Target};
use crate::routes::{Args, Endpoint};
use alloc::vec::Vec;
use wasm_bindgen::JsValue;

macro_rules! private_endpoints {
    ($m:path) => {
        $m! { PrivateClient, Private, TixyPrivateClient;
            /// Sales reports of the organizer's events by status, within a date range.
            ///
            /// Calls TIXY's private API: `GET /sales/events`, or `/sales/events/{status}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            sales_events "salesEvents" (args) { status: Status = status(args), range: DateRange = range(args) }
                -> Vec<EventSalesReport> = SalesEvents, Args::StatusRange(status, range);
            /// The sales report of one event (with its ticket sales), within a date range.
            ///
            /// Calls TIXY's private API: `GET /sales/event`, or `/sales/event/{id}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            sales_event "salesEvent" (target, range) { target: Target = target(target), range: DateRange = range(range) }
                -> EventSalesReport = SalesEvent, Args::TargetRange(target, range);
            /// Sales reports of the organizer's tours by status, within a date range.
            ///
            /// Calls TIXY's private API: `GET /sales/tours`, or `/sales/tours/{status}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            sales_tours "salesTours" (args) { status: Status = status(args), range: DateRange = range(args) }
                -> Vec<TourSalesReport> = SalesTours, Args::StatusRange(status, range);
            /// The sales report of one tour, within a date range.
            ///
            /// Calls TIXY's private API: `GET /sales/tour`, or `/sales/tour/{id}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            sales_tour "salesTour" (target, range) { target: Target = target(target), range: DateRange = range(range) }
                -> TourSalesReport = SalesTour, Args::TargetRange(target, range);
            /// The sales terms and fees (shape undocumented).
            ///
            /// Calls TIXY's private API: `GET /sales/terms`.
            sales_terms "salesTerms" () {}
                -> JsValue = SalesTerms, Args::Empty;
            /// Ticket statistics of the organizer's events by status, within a date range.
            ///
            /// Calls TIXY's private API: `GET /statistics/events`, or `/statistics/events/{status}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            statistics_events "statisticsEvents" (args) { status: Status = status(args), range: DateRange = range(args) }
                -> Vec<TicketStatisticsReport> = StatisticsEvents, Args::StatusRange(status, range);
            /// Ticket statistics of one event, within a date range.
            ///
            /// Calls TIXY's private API: `GET /statistics/event`, or `/statistics/event/{id}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            statistics_event "statisticsEvent" (target, range) { target: Target = target(target), range: DateRange = range(range) }
                -> TicketStatisticsReport = StatisticsEvent, Args::TargetRange(target, range);
            /// Ticket statistics of the organizer's tours by status, within a date range.
            ///
            /// Calls TIXY's private API: `GET /statistics/tours`, or `/statistics/tours/{status}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            statistics_tours "statisticsTours" (args) { status: Status = status(args), range: DateRange = range(args) }
                -> Vec<TicketStatisticsReport> = StatisticsTours, Args::StatusRange(status, range);
            /// Ticket statistics of one tour, within a date range.
            ///
            /// Calls TIXY's private API: `GET /statistics/tour`, or `/statistics/tour/{id}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            statistics_tour "statisticsTour" (target, range) { target: Target = target(target), range: DateRange = range(range) }
                -> TicketStatisticsReport = StatisticsTour, Args::TargetRange(target, range);
            /// Device statistics of an event or tour, by id (shape undocumented).
            ///
            /// Calls TIXY's private API: `GET /marketing/devices/{id}`.
            devices "devices" (args) { id: ResourceId = path_id(args) }
                -> JsValue = Devices, Args::PathId(id);
            /// Geography statistics of an event or tour, by id (shape undocumented).
            ///
            /// Calls TIXY's private API: `GET /marketing/geography/{id}`.
            geography "geography" (args) { id: ResourceId = path_id(args) }
                -> JsValue = Geography, Args::PathId(id);
            /// Clients who granted marketing consent, per event, by status.
            ///
            /// Calls TIXY's private API: `GET /marketing/clients-granted-consent/events`, or `/marketing/clients-granted-consent/events/{status}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            consent_events "consentEvents" (args) { status: Status = status(args) }
                -> Vec<EventConsentClients> = ConsentEvents, Args::Status(status);
            /// Clients who granted marketing consent for one event.
            ///
            /// Calls TIXY's private API: `GET /marketing/clients-granted-consent/event`, or `/marketing/clients-granted-consent/event/{id}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            consent_event "consentEvent" (target) { target: Target = target(target) }
                -> EventConsentClients = ConsentEvent, Args::Target(target);
            /// Marketing consent of the organizer's tours by status (shape undocumented).
            ///
            /// Calls TIXY's private API: `GET /marketing/clients-granted-consent/tours`, or `/marketing/clients-granted-consent/tours/{status}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            consent_tours "consentTours" (args) { status: Status = status(args) }
                -> JsValue = ConsentTours, Args::Status(status);
            /// Marketing consent of one tour: figures, or a client list (both documented).
            ///
            /// Calls TIXY's private API: `GET /marketing/clients-granted-consent/tour`, or `/marketing/clients-granted-consent/tour/{id}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            consent_tour "consentTour" (target) { target: Target = target(target) }
                -> TourConsent = ConsentTour, Args::Target(target);
        }
    };
}
#[cfg(feature = "npm")]
pub(crate) use private_endpoints;

private_endpoints!(crate::client::client_methods);
