// Issue 17, item 1: the crate as a Rust user's dependency. tests/rust-user/ is a user's crate
// that depends on tixy-connect with its default features and installs its own
// `#[global_allocator]`; it is built for wasm32 (dev profile), through wasm-bindgen as a
// Worker's or a page's build would, and the exports of the wasm it ships are read.
// - It links at all: with a forced allocator in tixy-connect it fails with "the
//   #[global_allocator] ... conflicts with global allocator in: tixy_connect".
// - Its exports are the user's own: none of the npm facade (TixyClient, TixyPrivateClient,
//   PendingCall, tixyErrorClass), which would become named exports of the user's module.
// - The same crate with tixy-connect's `npm` feature does export the facade: the check can fail.
//
//   node --test tests/js/rust-user.test.mjs        (from the repo root; needs the wasm32 target)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../harness/package.mjs";

const crate = join(repoRoot, "tests", "rust-user");
const targetDir = join(repoRoot, "target", "rust-user");

function build(features) {
  // The crate's own lock file would float: start from the repository's, so that both build
  // the same dependency versions (cargo drops what the user crate does not use).
  copyFileSync(join(repoRoot, "Cargo.lock"), join(crate, "Cargo.lock"));
  const args = ["build", "--quiet", "--target", "wasm32-unknown-unknown", "--target-dir", targetDir];
  if (features) args.push("--features", features);
  execFileSync("cargo", args, { cwd: crate, stdio: ["ignore", "inherit", "inherit"] });
  const out = mkdtempSync(join(tmpdir(), "tixy-rust-user-"));
  const wasm = join(targetDir, "wasm32-unknown-unknown", "debug", "tixy_rust_user.wasm");
  execFileSync("wasm-bindgen", ["--target", "web", "--no-typescript", "--out-dir", out, wasm], { stdio: ["ignore", "inherit", "inherit"] });
  return readFileSync(join(out, "tixy_rust_user_bg.wasm"));
}

/** The names of a wasm module's exports (WebAssembly.Module reads the binary). */
const exportsOf = (bytes) => WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);

const facade = (names) => names.filter((n) => /^(__wbg_)?(tixyclient|tixyprivateclient|pendingcall)_|^tixyErrorClass$/i.test(n));

test("a Rust user's default build links with its own global allocator and exports no npm facade", { timeout: 600_000 }, () => {
  const names = exportsOf(build());
  assert.ok(names.includes("start_events_call"), `the user's own export is there: ${names.join(", ")}`);
  assert.deepEqual(facade(names), [], "no npm facade export in a Rust user's default build");
});

test("with the npm feature the same crate exports the facade (the check above can fail)", { timeout: 600_000 }, () => {
  const names = exportsOf(build("npm"));
  const found = facade(names);
  assert.ok(found.some((n) => /^tixyclient_new$/i.test(n)), `TixyClient's constructor is exported: ${found.join(", ")}`);
  assert.ok(found.some((n) => /^pendingcall_start$/i.test(n)), `the JS driver's PendingCall is exported: ${found.join(", ")}`);
  // tixyErrorClass is a server-build export only: the browser entry takes the class from its
  // bundled snippet (issue 15), so `npm` without `server` does not export it.
});
