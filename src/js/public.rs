//! `TixyClient`: the public API for every runtime, browsers included.

use super::options;
use crate::{ClientOptions, PublicClient, PublicToken};
use alloc::string::String;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

/// The public client (published events and tours).
#[wasm_bindgen(js_name = TixyClient)]
pub struct TixyClient(PublicClient);

fn build(
    token: Option<String>,
    options: ClientOptions,
    js: JsValue,
) -> Result<PublicClient, crate::Error> {
    PublicClient::with_js(token.map(PublicToken::new).transpose()?, options, js)
}

#[wasm_bindgen(js_class = TixyClient)]
impl TixyClient {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<TixyClient, JsValue> {
        let (token, opts, js) = options::client(
            &options,
            crate::boundary::keys::PUBLIC_TOKEN,
            "private",
            "TixyClient takes the public token only; a private token must never reach a browser: use it on a server, through tixy-connect/server",
        )?;
        Ok(TixyClient(build(token, opts, js)?))
    }

    /// Replaces the public token for later requests.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: JsValue) -> Result<(), JsValue> {
        // Absent reads as "", which the token check refuses as empty.
        let token =
            options::string(&token, crate::boundary::keys::PUBLIC_TOKEN)?.unwrap_or_default();
        self.0.set_token(PublicToken::new(token)?);
        Ok(())
    }
}

crate::public::public_endpoints!(facade_methods);
