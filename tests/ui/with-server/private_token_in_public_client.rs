// A private token cannot build the public client (and vice versa).
use tixy_connect::{ClientOptions, PrivateToken, PublicClient};

fn main() {
    let _ = PublicClient::new(PrivateToken::new("t").unwrap(), ClientOptions::default());
}
