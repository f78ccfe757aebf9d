// Shared by the ecosystem projects' tests: the mock TIXY server, the runtimes
// (from tests/node_modules, installed by scripts/setup.sh) and a child-process helper.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export { startMock } from "../mock-tixy/server.mjs";
const nm = join(repoRoot, "tests", "node_modules");
export const NODE22 = join(nm, "node22", "bin", "node");
export const NODE24 = join(nm, "node24", "bin", "node");
export const CHROMIUM = "/usr/bin/chromium";
export const playwright = () => import(join(nm, "playwright-core", "index.mjs"));
export const miniflare = () => import(join(nm, "miniflare", "dist", "src", "index.js"));

/** Runs a command; resolves { code, stdout, stderr } (never rejects on a non-zero exit). */
export function exec(cmd, args, { cwd, env, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr });
    });
  });
}
