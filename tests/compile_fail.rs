//! The public/private split at the type level: code that would put private
//! capability where it does not belong must not compile. `cargo test` runs
//! the cases for the build it is compiled for (with and without `server`).

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn private_api_is_unreachable_where_it_does_not_belong() {
    let t = trybuild::TestCases::new();
    if cfg!(feature = "server") {
        t.compile_fail("tests/ui/with-server/*.rs");
    } else {
        t.compile_fail("tests/ui/without-server/*.rs");
    }
}
