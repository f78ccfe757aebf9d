//! `TixyPrivateClient` (`server` feature): the private API for servers and
//! edge functions. Its constructor refuses browser-like runtimes.

use super::options;
use crate::{ClientOptions, PrivateClient, PrivateToken, ResourceId};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

/// The private client (sales, statistics, marketing consent).
#[wasm_bindgen(js_name = TixyPrivateClient)]
pub struct TixyPrivateClient(PrivateClient);

fn build(token: String, options: ClientOptions) -> Result<PrivateClient, crate::Error> {
    PrivateClient::new(PrivateToken::new(token)?, options)
}

/// `{ id }` of the marketing statistics endpoints.
fn path_id(args: &JsValue) -> Result<ResourceId, crate::Error> {
    match options::target(args)? {
        crate::Target::Id(id) => Ok(id),
        crate::Target::Slug(_) => Err(crate::Error::invalid_input("argument", "pass { id }")),
    }
}

#[wasm_bindgen(js_class = TixyPrivateClient)]
impl TixyPrivateClient {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<TixyPrivateClient, JsValue> {
        // Refuse a browser before reading anything else, whatever was passed.
        crate::runtime::refuse_browser()?;
        let (token, opts) = options::client(
            &options,
            crate::boundary::keys::PRIVATE_TOKEN,
            "public",
            "TixyPrivateClient takes the private token only; use TixyClient for the public token",
        )?;
        Ok(TixyPrivateClient(build(token, opts)?))
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

    #[wasm_bindgen(js_name = salesEvents)]
    pub fn sales_events(&self, args: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c
            .sales_events(options::status(&args)?, options::range(&args)?))
    }

    #[wasm_bindgen(js_name = salesEvent)]
    pub fn sales_event(&self, target: JsValue, range: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.sales_event(
            options::target(&target)?,
            options::range(&range)?
        ))
    }

    #[wasm_bindgen(js_name = salesTours)]
    pub fn sales_tours(&self, args: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c
            .sales_tours(options::status(&args)?, options::range(&args)?))
    }

    #[wasm_bindgen(js_name = salesTour)]
    pub fn sales_tour(&self, target: JsValue, range: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.sales_tour(
            options::target(&target)?,
            options::range(&range)?
        ))
    }

    #[wasm_bindgen(js_name = salesTerms)]
    pub fn sales_terms(&self, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.sales_terms())
    }

    #[wasm_bindgen(js_name = statisticsEvents)]
    pub fn statistics_events(&self, args: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.statistics_events(
            options::status(&args)?,
            options::range(&args)?
        ))
    }

    #[wasm_bindgen(js_name = statisticsEvent)]
    pub fn statistics_event(&self, target: JsValue, range: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.statistics_event(
            options::target(&target)?,
            options::range(&range)?
        ))
    }

    #[wasm_bindgen(js_name = statisticsTours)]
    pub fn statistics_tours(&self, args: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.statistics_tours(
            options::status(&args)?,
            options::range(&args)?
        ))
    }

    #[wasm_bindgen(js_name = statisticsTour)]
    pub fn statistics_tour(&self, target: JsValue, range: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.statistics_tour(
            options::target(&target)?,
            options::range(&range)?
        ))
    }

    pub fn devices(&self, args: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.devices(path_id(&args)?))
    }

    pub fn geography(&self, args: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.geography(path_id(&args)?))
    }

    #[wasm_bindgen(js_name = consentEvents)]
    pub fn consent_events(&self, args: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.consent_events(options::status(&args)?))
    }

    #[wasm_bindgen(js_name = consentEvent)]
    pub fn consent_event(&self, target: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.consent_event(options::target(&target)?))
    }

    #[wasm_bindgen(js_name = consentTours)]
    pub fn consent_tours(&self, args: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.consent_tours(options::status(&args)?))
    }

    #[wasm_bindgen(js_name = consentTour)]
    pub fn consent_tour(&self, target: JsValue, opts: JsValue) -> Promise {
        send!(self.0, opts, |c| c.consent_tour(options::target(&target)?))
    }
}
