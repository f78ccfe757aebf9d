//! `TixyPrivateClient` (`server` feature): the private API for servers and
//! edge functions. Its constructor refuses browser-like runtimes.

use super::options;
use crate::{ClientOptions, PrivateClient, PrivateToken};
use alloc::string::String;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

/// The private client (sales, statistics, marketing consent).
#[wasm_bindgen(js_name = TixyPrivateClient)]
pub struct TixyPrivateClient(PrivateClient);

fn build(
    token: Option<String>,
    options: ClientOptions,
    js: JsValue,
) -> Result<PrivateClient, crate::Error> {
    PrivateClient::with_js(token.map(PrivateToken::new).transpose()?, options, js)
}

#[wasm_bindgen(js_class = TixyPrivateClient)]
impl TixyPrivateClient {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<TixyPrivateClient, JsValue> {
        // Refuse a browser before reading anything else, whatever was passed.
        crate::runtime::refuse_browser()?;
        let (token, opts, js) = options::client(
            &options,
            crate::boundary::keys::PRIVATE_TOKEN,
            "public",
            "TixyPrivateClient takes the private token only; use TixyClient for the public token",
        )?;
        Ok(TixyPrivateClient(build(token, opts, js)?))
    }

    /// Replaces the private token for later requests.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: JsValue) -> Result<(), JsValue> {
        // Absent reads as "", which the token check refuses as empty.
        let token =
            options::string(&token, crate::boundary::keys::PRIVATE_TOKEN)?.unwrap_or_default();
        self.0.set_token(PrivateToken::new(token)?);
        Ok(())
    }
}

crate::private::private_endpoints!(facade_methods);
