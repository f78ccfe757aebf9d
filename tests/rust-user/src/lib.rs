//! A user's own `#[global_allocator]`: it links only if tixy-connect's default
//! build installs none (issue 17).
use tixy_connect::{ClientOptions, PublicClient, PublicToken, Status};
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: std::alloc::System = std::alloc::System;

/// Uses the client, so that the crate's code is linked in.
#[wasm_bindgen]
pub fn start_events_call(token: String) -> bool {
    let Ok(token) = PublicToken::new(token) else {
        return false;
    };
    let Ok(client) = PublicClient::new(token, ClientOptions::default()) else {
        return false;
    };
    drop(client.events(Status::Published).send_raw());
    true
}
