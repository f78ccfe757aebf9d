// Installs the packed npm tarball (pkg/tixy-connect-<version>.tgz, made by
// scripts/build.sh) into a fresh project under tests/.tmp/, the way a user
// would, so the tests, the demo's Worker and the benchmarks exercise the
// published files and `exports` map only.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const tmpRoot = join(repoRoot, "tests", ".tmp");

/** Absolute path of the packed tarball; fails loudly when it was not built. */
export function tarballPath() {
  const dir = join(repoRoot, "pkg");
  const tgz = existsSync(dir) ? readdirSync(dir).find((f) => /^tixy-connect-.*\.tgz$/.test(f)) : undefined;
  if (!tgz) throw new Error("pkg/tixy-connect-*.tgz is missing: run scripts/build.sh first");
  return join(dir, tgz);
}

/**
 * A fresh project at tests/.tmp/<name> with the tarball installed.
 * `extra` adds package.json fields (e.g. dependencies for a bundler test).
 * Returns the project directory.
 */
export function installPackage(name, extra = {}) {
  const dir = join(tmpRoot, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `tixy-test-${name}`, private: true, type: "module", ...extra }, null, 2));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarballPath()], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  return dir;
}

/**
 * `installPackage(name)`, then `source` imported as a module of that project
 * (`user.mjs`), so that its imports resolve through the package's `exports`
 * map as a user's do. Returns the project directory and the module.
 */
export async function importAsUser(name, source) {
  const dir = installPackage(name);
  writeFileSync(join(dir, "user.mjs"), source);
  return { dir, lib: await import(pathToFileURL(join(dir, "user.mjs")).href) };
}
