// Without the `server` feature there is no private client type.
fn main() {
    let _: Option<tixy_connect::PrivateClient> = None;
}
