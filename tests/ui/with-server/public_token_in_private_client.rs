use tixy_connect::{ClientOptions, PrivateClient, PublicToken};

fn main() {
    let _ = PrivateClient::new(PublicToken::new("t").unwrap(), ClientOptions::default());
}
