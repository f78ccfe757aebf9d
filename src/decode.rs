//! Checks that a parsed body has the shape its route promises, without
//! copying it: the JS facade hands the host's own objects to the caller.
//! Only what identifies an object (`id`) is required (tixy-api decision 3).

use crate::error::{Error, ErrorKind};
use crate::routes::{Route, Shape};
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static ID: JsValue = JsValue::from_str("id");
}

pub(crate) fn check_shape(route: &Route, status: u16, value: JsValue) -> Result<JsValue, Error> {
    let problem = match route.shape {
        Shape::ListWithIds => match value.dyn_ref::<Array>() {
            None => Some("expected a JSON array"),
            Some(items) => items
                .iter()
                .any(|item| !has_string_id(&item))
                .then_some("an item of the array has no string `id`"),
        },
        Shape::ObjectWithId => {
            (!has_string_id(&value)).then_some("expected a JSON object with a string `id`")
        }
        #[cfg(feature = "server")]
        Shape::Object => (!is_object(&value)).then_some("expected a JSON object"),
        #[cfg(feature = "server")]
        Shape::Any => None,
    };
    match problem {
        None => Ok(value),
        Some(p) => Err(Error::at(route, ErrorKind::Decode, p).with_status(status)),
    }
}

fn is_object(v: &JsValue) -> bool {
    v.is_object() && !Array::is_array(v)
}

fn has_string_id(v: &JsValue) -> bool {
    is_object(v) && ID.with(|id| Reflect::get(v, id).is_ok_and(|id| id.is_string()))
}
