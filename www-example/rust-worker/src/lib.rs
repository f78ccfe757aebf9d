//! The sales dashboard's JSON API (the same shapes as the JS Worker in
//! `../worker/worker.js`), written with workers-rs and tixy-connect:
//!
//!   GET /api/sales    sales summary per event, plus totals (private API)
//!   GET /api/events   published events (public API, if TIXY_PUBLIC_TOKEN is set)
//!
//! The private token stays in the Worker; the answers carry only picked
//! fields (never client e-mails, never a token).

use std::collections::HashMap;

use serde::Serialize;
use tixy_connect::{
    ClientOptions, DateRange, ErrorKind, PrivateClient, PrivateToken, PublicClient, PublicToken,
    Status,
};
use worker::{event, Context, Env, Method, Request, Response, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let url = req.url()?;
    let api = match url.path() {
        "/api/sales" => Api::Sales,
        "/api/events" => Api::Events,
        path => {
            let message = format!("no route for {} {path}", req.method());
            return error_json("not_found", &message, 404);
        }
    };
    if !matches!(req.method(), Method::Get | Method::Head) {
        return error_json("method_not_allowed", "use GET", 405);
    }
    let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
    let answer = match api {
        Api::Sales => sales_summary(&env, &query).await,
        Api::Events => public_events(&env, &query).await,
    };
    match answer {
        Ok(response) => Ok(response),
        Err(Failure::Tixy(e)) => error_json(e.kind().as_str(), e.message(), status_for(e.kind())),
        Err(Failure::Config(message)) => error_json("not_configured", message, 503),
        Err(Failure::Worker(e)) => {
            // Its message may quote configuration: logged, not answered.
            worker::console_error!("internal error: {e}");
            error_json("internal", "internal error", 500)
        }
    }
}

enum Api {
    Sales,
    Events,
}

/// Why a request failed: TIXY's typed error, a missing setting, or the
/// runtime itself. `?` makes each from its source.
enum Failure {
    Tixy(tixy_connect::Error),
    Config(&'static str),
    Worker(worker::Error),
}

impl From<tixy_connect::Error> for Failure {
    fn from(e: tixy_connect::Error) -> Self {
        Failure::Tixy(e)
    }
}

impl From<worker::Error> for Failure {
    fn from(e: worker::Error) -> Self {
        Failure::Worker(e)
    }
}

/// An optional setting: a var or a secret, empty counts as unset.
fn setting(env: &Env, name: &str) -> Option<String> {
    let value = env
        .secret(name)
        .map(|s| s.to_string())
        .or_else(|_| env.var(name).map(|v| v.to_string()))
        .ok()?;
    (!value.is_empty()).then_some(value)
}

/// The private client, or `None` when no token is configured. A token or
/// base URL of the wrong form is the deployment's bug, not the caller's: `?`
/// turns that `tixy_connect::Error` into a `worker::Error` (the crate's
/// `worker` feature), which this Worker answers with a 500.
fn private_client(env: &Env) -> Result<Option<PrivateClient>> {
    let Some(token) = setting(env, "TIXY_PRIVATE_TOKEN") else {
        return Ok(None);
    };
    let options = ClientOptions {
        base_url: setting(env, "TIXY_PRIVATE_BASE_URL"),
        ..ClientOptions::default()
    };
    Ok(Some(PrivateClient::new(
        PrivateToken::new(token)?,
        options,
    )?))
}

fn public_client(env: &Env) -> Result<Option<PublicClient>> {
    let Some(token) = setting(env, "TIXY_PUBLIC_TOKEN") else {
        return Ok(None);
    };
    let options = ClientOptions {
        base_url: setting(env, "TIXY_PUBLIC_BASE_URL"),
        ..ClientOptions::default()
    };
    Ok(Some(PublicClient::new(PublicToken::new(token)?, options)?))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SalesSummary<'a> {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<&'a str>,
    generated_at: String,
    events: Vec<EventLine>,
    totals: Totals,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventLine {
    id: Option<String>,
    name: Option<String>,
    gross_income: f64,
    tickets_sold: f64,
    tickets_returned: f64,
    capacity: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Totals {
    events: usize,
    gross_income: f64,
    tickets_sold: f64,
    tickets_returned: f64,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The dashboard's data: per event id, name, gross income, tickets sold and
/// returned, capacity; plus totals. Sales and statistics are fetched together.
async fn sales_summary(
    env: &Env,
    query: &HashMap<String, String>,
) -> std::result::Result<Response, Failure> {
    let status = Status::parse(query.get("status").map_or("all", String::as_str))?;
    let (from, to) = (query.get("from"), query.get("to"));
    let from = from.map(String::as_str).filter(|s| !s.is_empty());
    let to = to.map(String::as_str).filter(|s| !s.is_empty());
    let range = DateRange::parse(from, to)?;
    let tixy = private_client(env)?.ok_or(Failure::Config(
        "TIXY_PRIVATE_TOKEN is not set (wrangler secret put TIXY_PRIVATE_TOKEN)",
    ))?;
    // Calls are futures: join! runs both requests at once.
    let (sales, stats) = futures::join!(
        tixy.sales_events(status, range.clone()),
        tixy.statistics_events(status, range),
    );
    let (sales, stats) = (sales?, stats?);
    let counts: HashMap<_, _> = stats
        .iter()
        .filter_map(|s| {
            let t = s.ticket_statistics.as_ref();
            let count = |c: Option<&tixy_connect::CountPercentage>| c.and_then(|c| c.count);
            let sold = count(t.and_then(|t| t.sold.as_ref())).unwrap_or(0.0);
            let returned = count(t.and_then(|t| t.returned.as_ref())).unwrap_or(0.0);
            let capacity = count(t.and_then(|t| t.available.as_ref())).unwrap_or(0.0);
            Some((s.id.clone()?, (sold, returned, capacity)))
        })
        .collect();
    // Fields picked one by one: nothing else from the reports leaves the Worker.
    let events: Vec<EventLine> = sales
        .into_iter()
        .map(|r| {
            let (sold, returned, capacity) =
                r.id.as_ref()
                    .and_then(|id| counts.get(id))
                    .copied()
                    .unwrap_or((0.0, 0.0, 0.0));
            EventLine {
                gross_income: round2(r.income.and_then(|i| i.gross_income).unwrap_or(0.0)),
                id: r.id,
                name: r.name,
                tickets_sold: sold,
                tickets_returned: returned,
                capacity,
            }
        })
        .collect();
    let totals = Totals {
        events: events.len(),
        gross_income: round2(events.iter().map(|e| e.gross_income).sum()),
        tickets_sold: events.iter().map(|e| e.tickets_sold).sum(),
        tickets_returned: events.iter().map(|e| e.tickets_returned).sum(),
    };
    let summary = SalesSummary {
        status: status.as_str(),
        from,
        to,
        generated_at: String::from(worker::js_sys::Date::new_0().to_iso_string()),
        events,
        totals,
    };
    Ok(json(Response::from_json(&summary)?)?)
}

#[derive(Serialize)]
struct PublicEvents {
    status: &'static str,
    events: Vec<PublicEventLine>,
}

#[derive(Serialize)]
struct PublicEventLine {
    id: Option<String>,
    slug: Option<String>,
    name: Option<String>,
    status: Option<String>,
    end: Option<String>,
}

async fn public_events(
    env: &Env,
    query: &HashMap<String, String>,
) -> std::result::Result<Response, Failure> {
    let status = Status::parse(query.get("status").map_or("published", String::as_str))?;
    let tixy = public_client(env)?.ok_or(Failure::Config(
        "TIXY_PUBLIC_TOKEN is not set, so /api/events is disabled",
    ))?;
    let events = tixy.events(status).await?;
    let events = events
        .into_iter()
        .map(|e| PublicEventLine {
            end: e.dates.and_then(|d| d.end),
            id: e.id,
            slug: e.slug,
            name: e.name,
            status: e.status,
        })
        .collect();
    Ok(json(Response::from_json(&PublicEvents {
        status: status.as_str(),
        events,
    })?)?)
}

/// The JS Worker's statuses: bad input 400, TIXY's failures 502, a timeout 504.
fn status_for(kind: ErrorKind) -> u16 {
    match kind {
        ErrorKind::InvalidInput => 400,
        ErrorKind::Timeout => 504,
        ErrorKind::InvalidToken
        | ErrorKind::AccessDenied
        | ErrorKind::NotFound
        | ErrorKind::BadRequest
        | ErrorKind::RateLimited
        | ErrorKind::Server
        | ErrorKind::Network
        | ErrorKind::Decode => 502,
        _ => 500,
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: &'a str,
}

fn error_json(error: &str, message: &str, status: u16) -> Result<Response> {
    json(Response::from_json(&ErrorBody { error, message })?.with_status(status))
}

/// JSON answers are never cached: they carry live sales.
fn json(mut response: Response) -> Result<Response> {
    response.headers_mut().set("cache-control", "no-store")?;
    Ok(response)
}
