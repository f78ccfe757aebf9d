//! The 4 public endpoints (P1–P4): route + parameters in, typed result out.

use crate::client::{Call, Public, PublicClient};
use crate::model::{PublicEvent, PublicTour};
use crate::params::{Status, Target};
use crate::routes::{Args, Endpoint};

impl PublicClient {
    /// P1: events by status.
    pub fn events(&self, status: Status) -> Call<'_, Public, Vec<PublicEvent>> {
        self.call(Endpoint::Events, Args::Status(status))
    }

    /// P2: one event, by id or slug.
    pub fn event(&self, target: Target) -> Call<'_, Public, PublicEvent> {
        self.call(Endpoint::Event, Args::Target(target))
    }

    /// P3: tours by status.
    pub fn tours(&self, status: Status) -> Call<'_, Public, Vec<PublicTour>> {
        self.call(Endpoint::Tours, Args::Status(status))
    }

    /// P4: one tour, by id or slug.
    pub fn tour(&self, target: Target) -> Call<'_, Public, PublicTour> {
        self.call(Endpoint::Tour, Args::Target(target))
    }
}
