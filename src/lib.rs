//! # tixy-connect
//!
//! A client for the TIXY Connect API (the organizer API of the TIXY ticketing
//! platform) for Rust on `wasm32-unknown-unknown`: browsers, Cloudflare
//! Workers and other JS hosts, over their own `fetch`. The same core is
//! published to npm as `tixy-connect` (`TixyClient`, `TixyPrivateClient`).
//!
//! TIXY issues two tokens. The **public** token reads published events and
//! tours and may live in a browser. The **private** token reads sales,
//! statistics and client e-mails and must never reach one: [`PrivateToken`],
//! [`PrivateClient`] and every private endpoint exist only with the `server`
//! feature, and the private client refuses to start in a browser.
//!
//! ```no_run
//! # async fn demo(public_token: String) -> Result<(), tixy_connect::Error> {
//! use tixy_connect::{ClientOptions, PublicClient, PublicToken, Status, Target};
//!
//! // `public_token`: the organizer's public token, from your configuration.
//! let tixy = PublicClient::new(PublicToken::new(public_token)?, ClientOptions::default())?;
//! let events = tixy.events(Status::Published).await?;
//! let one = tixy.event(Target::slug("summer-jazz-night")?).await?;
//! println!("{} events; {:?}", events.len(), one.name);
//! # Ok(()) }
//! ```
//!
//! Each endpoint method returns a [`Call`]: a `Future` of the typed model
//! (so `.await`, `futures::join!` and `futures::select!` take it as it is),
//! or use [`Call::send_raw`] for the parsed JSON with every field the API
//! sends. Failures are an [`Error`] with an [`ErrorKind`]; retries,
//! timeouts and cancellation follow the same rules as the npm package.
//!
//! ## Features
//! - `std` (default): the Rust API (`Call`'s futures, typed models). Without
//!   it the crate is `no_std` + `alloc`: that is the npm package's build.
//! - `lol_alloc`: installs a small free-list `#[global_allocator]` on wasm32;
//!   off by default, so that your binary keeps its own allocator.
//! - `npm`: the npm package's JS facade (`TixyClient`); not for Rust users, it
//!   would add its classes to your module's exports.
//! - `server`: the private API ([`PrivateToken`], [`PrivateClient`]). Turn it
//!   on only in server and edge builds.
//! - `worker`: `impl From<Error> for worker::Error` (workers-rs 0.8), so that
//!   `?` works in a Worker's handler. Without it, `?` already works wherever
//!   the error type is `Box<dyn std::error::Error>` (plus `Send + Sync`) or
//!   `wasm_bindgen::JsError`.
//!
//! ## `Send`
//! A client holds JS values behind an `Rc`, so neither it nor its futures are
//! `Send`: wasm32 without atomics has one thread, and nothing here can cross
//! to another. Frameworks that demand `Send` (axum on Workers) take the
//! future wrapped: `worker::send::SendFuture::new(call)` or
//! `send_wrapper::SendWrapper::new(call)`; the README's "Rust" section shows it.

#![warn(missing_docs)]
// Without `std` (the npm build) the crate needs only `core` and `alloc`, and
// its panics abort without formatting (below): `core::fmt`'s panic
// machinery, about 3 KB of gzipped wasm, is then not linked.
#![cfg_attr(not(any(feature = "std", test)), no_std)]
// docs.rs builds with `--cfg docsrs` on nightly: badges for `server` items.
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

// A panic is a bug (every failure is a typed `Error`): abort at once, as
// `panic = "abort"` would after formatting the message nobody reads.
#[cfg(all(target_arch = "wasm32", not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

// Feature `lol_alloc` (the npm build turns it on): a free list that
// coalesces on free, so memory stays flat over many calls (the 100,000-call
// tests in tests/js/hostile*.test.mjs), in about 0.5 KB of gzipped wasm less
// than talc and several KB less than std's dlmalloc. Single-threaded wasm
// only, which is every target this crate is built for. Off by default: a
// Rust user's binary keeps its own allocator.
#[cfg(all(
    feature = "lol_alloc",
    target_arch = "wasm32",
    not(target_feature = "atomics")
))]
#[global_allocator]
// SAFETY: without the `atomics` target feature a wasm instance has one
// thread, so nothing allocates concurrently.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

// The layers, bottom-up; each imports only from those above it in this
// list (ARCHITECTURE.md draws them).
mod boundary;
mod client;
mod config;
mod error;
mod exchange;
#[cfg(feature = "npm")]
mod js;
mod model;
mod params;
#[cfg(feature = "server")]
mod private;
mod public;
mod retry;
mod routes;
#[cfg(feature = "server")]
mod runtime;
#[cfg(feature = "std")]
mod rust_driver;
mod text;
mod token;
mod transport;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz_tests;

#[cfg(feature = "std")]
pub use client::RawFuture;
pub use client::{Access, Call, Client, Decode, Model, Public, PublicClient};
#[cfg(feature = "server")]
pub use client::{Private, PrivateClient};
pub use config::ClientOptions;
pub use error::{Error, ErrorKind};
pub use model::*;
pub use params::{Date, DateRange, ResourceId, Slug, Status, Target};
pub use routes::RouteStyle;
#[cfg(feature = "server")]
pub use token::PrivateToken;
pub use token::PublicToken;
