//! The 4 public endpoints, declared once. [`public_endpoints!`] hands its
//! rows to a macro: `client_methods!` makes them `PublicClient` methods here,
//! and `facade_methods!` makes them `TixyClient` methods in `js/public.rs`.
//!
//! A row: the Rust method and its JS name, the JS arguments, each Rust
//! parameter with the argument reader (`js/options.rs`) that makes it from a
//! JS argument, the result, the route and its parameters.

use crate::client::{Call, Public, PublicClient};
use crate::model::{PublicEvent, PublicTour};
use crate::params::{Status, Target};
use crate::routes::{Args, Endpoint};
use alloc::vec::Vec;

macro_rules! public_endpoints {
    ($m:path) => {
        $m! { PublicClient, Public, TixyClient;
            /// The organizer's events by status (published, past-due or all).
            ///
            /// Calls TIXY's public API: `GET /events`, or `/events/{status}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            events "events" (args) { status: Status = status(args) }
                -> Vec<PublicEvent> = Events, Args::Status(status);
            /// One event, by id or slug.
            ///
            /// Calls TIXY's public API: `GET /event`, or `/event/{id}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            event "event" (target) { target: Target = target(target) }
                -> PublicEvent = Event, Args::Target(target);
            /// The organizer's tours by status.
            ///
            /// Calls TIXY's public API: `GET /tours`, or `/tours/{status}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            tours "tours" (args) { status: Status = status(args) }
                -> Vec<PublicTour> = Tours, Args::Status(status);
            /// One tour, by id or slug.
            ///
            /// Calls TIXY's public API: `GET /tour`, or `/tour/{id}` with [`RouteStyle::Path`](crate::RouteStyle::Path).
            tour "tour" (target) { target: Target = target(target) }
                -> PublicTour = Tour, Args::Target(target);
        }
    };
}
#[cfg(feature = "npm")]
pub(crate) use public_endpoints;

public_endpoints!(crate::client::client_methods);
