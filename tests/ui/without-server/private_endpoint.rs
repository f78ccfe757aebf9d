// Without the `server` feature the public client has no private endpoints.
use tixy_connect::{ClientOptions, DateRange, PublicClient, PublicToken, Status};

fn main() {
    let c = PublicClient::new(PublicToken::new("t").unwrap(), ClientOptions::default()).unwrap();
    let _ = c.sales_events(Status::All, DateRange::ALL);
}
