// Without the `server` feature the private token type does not exist.
fn main() {
    let _ = tixy_connect::PrivateToken::new("tixy_priv_x");
}
