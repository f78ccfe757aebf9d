// The npm tarball carries both licence files its `license` field names, and
// points at the project (issue 17): what a user's licence checker reads.
//
//   node --test tests/js/licenses.test.mjs     (after scripts/build.sh)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tgz = readdirSync(join(root, "pkg")).find((f) => /^tixy-connect-.*\.tgz$/.test(f));
const fromTarball = (path) => execFileSync("tar", ["-xzOf", join(root, "pkg", tgz), `package/${path}`], { encoding: "utf8" });

test("the tarball ships LICENSE-MIT and LICENSE-APACHE, as in the repository", () => {
  assert.ok(tgz, "no pkg/tixy-connect-*.tgz: run scripts/build.sh");
  for (const name of ["LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.equal(fromTarball(name), readFileSync(join(root, name), "utf8"), name);
  }
  assert.match(fromTarball("LICENSE-MIT"), /^MIT License\n\nCopyright \(c\) the tixy-connect authors\n/);
  assert.match(fromTarball("LICENSE-APACHE"), /Apache License\s+Version 2\.0, January 2004/);
});

test("package.json names the licences, the repository and the homepage", () => {
  const pkg = JSON.parse(fromTarball("package.json"));
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  assert.equal(pkg.repository?.url, "git+https://github.com/tixy-connect/tixy-connect.git");
  assert.equal(pkg.homepage, "https://github.com/tixy-connect/tixy-connect");
});
