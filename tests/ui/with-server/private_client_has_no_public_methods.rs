// The private client's type has no public endpoints.
use tixy_connect::{ClientOptions, PrivateClient, PrivateToken, Status};

fn main() {
    let c = PrivateClient::new(PrivateToken::new("t").unwrap(), ClientOptions::default()).unwrap();
    let _ = c.events(Status::All);
}
