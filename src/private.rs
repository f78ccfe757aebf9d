//! The 15 private endpoints (`server` feature): sales (S1–S5), ticket
//! statistics (T1–T4), marketing statistics (M1–M2) and consent (C1–C4).

use crate::client::{Call, Private, PrivateClient};
use crate::model::{
    EventConsentClients, EventSalesReport, TicketStatisticsReport, TourConsent, TourSalesReport,
};
use crate::params::{DateRange, ResourceId, Status, Target};
use crate::routes::{Args, Endpoint};
use wasm_bindgen::JsValue;

impl PrivateClient {
    /// S1: sales reports of events by status, within `range`.
    pub fn sales_events(
        &self,
        status: Status,
        range: DateRange,
    ) -> Call<'_, Private, Vec<EventSalesReport>> {
        self.call(Endpoint::SalesEvents, Args::StatusRange(status, range))
    }

    /// S2: the sales report of one event.
    pub fn sales_event(
        &self,
        target: Target,
        range: DateRange,
    ) -> Call<'_, Private, EventSalesReport> {
        self.call(Endpoint::SalesEvent, Args::TargetRange(target, range))
    }

    /// S3: sales reports of tours by status.
    pub fn sales_tours(
        &self,
        status: Status,
        range: DateRange,
    ) -> Call<'_, Private, Vec<TourSalesReport>> {
        self.call(Endpoint::SalesTours, Args::StatusRange(status, range))
    }

    /// S4: the sales report of one tour.
    pub fn sales_tour(
        &self,
        target: Target,
        range: DateRange,
    ) -> Call<'_, Private, TourSalesReport> {
        self.call(Endpoint::SalesTour, Args::TargetRange(target, range))
    }

    /// S5: sales terms and fees (shape undocumented).
    pub fn sales_terms(&self) -> Call<'_, Private, JsValue> {
        self.call(Endpoint::SalesTerms, Args::Empty)
    }

    /// T1: ticket statistics of events by status.
    pub fn statistics_events(
        &self,
        status: Status,
        range: DateRange,
    ) -> Call<'_, Private, Vec<TicketStatisticsReport>> {
        self.call(Endpoint::StatisticsEvents, Args::StatusRange(status, range))
    }

    /// T2: ticket statistics of one event.
    pub fn statistics_event(
        &self,
        target: Target,
        range: DateRange,
    ) -> Call<'_, Private, TicketStatisticsReport> {
        self.call(Endpoint::StatisticsEvent, Args::TargetRange(target, range))
    }

    /// T3: ticket statistics of tours by status.
    pub fn statistics_tours(
        &self,
        status: Status,
        range: DateRange,
    ) -> Call<'_, Private, Vec<TicketStatisticsReport>> {
        self.call(Endpoint::StatisticsTours, Args::StatusRange(status, range))
    }

    /// T4: ticket statistics of one tour.
    pub fn statistics_tour(
        &self,
        target: Target,
        range: DateRange,
    ) -> Call<'_, Private, TicketStatisticsReport> {
        self.call(Endpoint::StatisticsTour, Args::TargetRange(target, range))
    }

    /// M1: device statistics of an event or tour (shape undocumented).
    pub fn devices(&self, id: ResourceId) -> Call<'_, Private, JsValue> {
        self.call(Endpoint::Devices, Args::PathId(id))
    }

    /// M2: geography statistics of an event or tour (shape undocumented).
    pub fn geography(&self, id: ResourceId) -> Call<'_, Private, JsValue> {
        self.call(Endpoint::Geography, Args::PathId(id))
    }

    /// C1: clients who granted marketing consent, per event, by status.
    pub fn consent_events(&self, status: Status) -> Call<'_, Private, Vec<EventConsentClients>> {
        self.call(Endpoint::ConsentEvents, Args::Status(status))
    }

    /// C2: clients who granted marketing consent for one event.
    pub fn consent_event(&self, target: Target) -> Call<'_, Private, EventConsentClients> {
        self.call(Endpoint::ConsentEvent, Args::Target(target))
    }

    /// C3: marketing consent of tours by status (shape undocumented).
    pub fn consent_tours(&self, status: Status) -> Call<'_, Private, JsValue> {
        self.call(Endpoint::ConsentTours, Args::Status(status))
    }

    /// C4: marketing consent figures of one tour.
    pub fn consent_tour(&self, target: Target) -> Call<'_, Private, TourConsent> {
        self.call(Endpoint::ConsentTour, Args::Target(target))
    }
}
