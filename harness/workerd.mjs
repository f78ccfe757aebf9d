// Bundles a Worker the way wrangler does and runs it in real workerd through
// Miniflare. Everything resolves from tests/node_modules (esbuild, miniflare)
// and, for the package under test, from the temp project's node_modules, i.e.
// the installed tarball: never from pkg/ or the source tree.
//
// Used by the tests (tests/js/), the demo (startExampleWorker) and bench/run.mjs.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import { installPackage, repoRoot } from "./package.mjs";

// harness/ has no node_modules of its own: scripts/setup.sh installs esbuild and
// miniflare into tests/node_modules, so load them from there, as bench/run.mjs
// does (both are CommonJS without an exports map: require loads the same files
// a bare import did when this file lived in tests/js/lib/).
const fromTests = createRequire(join(repoRoot, "tests", "package.json"));
const { build } = fromTests("esbuild");
const { Miniflare } = fromTests("miniflare");

/** The example Worker's source (www-example/worker/worker.js). */
export const exampleWorkerEntry = join(repoRoot, "www-example", "worker", "worker.js");

/** Compatibility date used when the caller gives none (matches www-example/worker/wrangler.toml). */
export const defaultCompatibilityDate = "2026-04-01";

/**
 * Bundle `entry` as a Workers module Worker.
 *
 * Like wrangler: esbuild with the `workerd` condition first, ESM output, and
 * every `.wasm` import left as its own module (a CompiledWasm module that
 * workerd compiles at upload time; Workers refuse to compile wasm at run time).
 * Bare specifiers resolve from `projectDir/node_modules` only.
 *
 * Returns `{ modules, modulesRoot, metafile, inputs, outDir }` where `modules`
 * is a Miniflare module list, the entry module first:
 *   [{ type: "ESModule", path, contents }, { type: "CompiledWasm", path, contents }, ...]
 * `inputs` are the bundled input files, relative to projectDir.
 */
export async function bundleWorker({ entry, projectDir, outDir, minify = false }) {
  if (!entry || !projectDir || !outDir) throw new Error("bundleWorker needs { entry, projectDir, outDir }");
  projectDir = resolve(projectDir);
  outDir = resolve(outDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const wasmModules = new Map(); // absolute source path -> output module name
  const wasmAsModule = {
    name: "wasm-as-module",
    setup(b) {
      // `import mod from "./x.wasm"` (or "./x.wasm?module", wrangler's other
      // spelling) becomes an external import of a sibling module file.
      b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const spec = args.path.replace(/\?module$/, "");
        const abs = resolve(args.resolveDir, spec);
        let name = wasmModules.get(abs);
        if (!name) {
          const hash = createHash("sha1").update(readFileSync(abs)).digest("hex").slice(0, 16);
          name = `${hash}-${basename(abs)}`;
          wasmModules.set(abs, name);
        }
        return { path: `./${name}`, external: true };
      });
    },
  };

  // Bare imports from source files outside the project (the example lives in
  // www-example/) resolve as if written inside projectDir: the installed
  // tarball, whatever node_modules happen to lie above the source file.
  const fromProject = {
    name: "resolve-from-project",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.fromProject || args.path.startsWith("node:")) return undefined;
        if (args.importer && resolve(args.importer).startsWith(join(projectDir, "node_modules"))) return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: projectDir, importer: args.importer, pluginData: { fromProject: true } });
        if (r.errors.length) return { errors: r.errors };
        return r;
      });
    },
  };

  const outfile = join(outDir, "worker.js");
  const result = await build({
    entryPoints: [resolve(entry)],
    absWorkingDir: projectDir,
    nodePaths: [join(projectDir, "node_modules")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    outfile,
    write: false,
    metafile: true,
    minify,
    sourcemap: false,
    logLevel: "silent",
    plugins: [wasmAsModule, fromProject],
  });

  const js = result.outputFiles.find((f) => f.path === outfile);
  if (!js) throw new Error(`esbuild produced no ${outfile}`);
  writeFileSync(outfile, js.contents);
  const modules = [{ type: "ESModule", path: outfile, contents: js.contents }];
  for (const [abs, name] of wasmModules) {
    const contents = readFileSync(abs);
    const path = join(outDir, name);
    writeFileSync(path, contents);
    modules.push({ type: "CompiledWasm", path, contents, source: abs });
  }
  const inputs = Object.keys(result.metafile.inputs).map((p) =>
    relative(projectDir, resolve(projectDir, p)).split("\\").join("/")
  );
  return { modules, modulesRoot: outDir, metafile: result.metafile, inputs, outDir };
}

/**
 * Run bundled `modules` (from bundleWorker) in workerd.
 * `port` (optional) serves the Worker on 127.0.0.1:<port>; otherwise a free port.
 * Returns `{ mf, url, dispatchFetch, dispose }`; `url` is a URL string ending in "/".
 */
export async function startWorker({ modules, modulesRoot, bindings = {}, compatibilityDate = defaultCompatibilityDate, compatibilityFlags = [], port, host = "127.0.0.1" }) {
  if (!modules?.length) throw new Error("startWorker needs the modules from bundleWorker");
  const root = modulesRoot ?? dirname(modules[0].path);
  const mf = new Miniflare({
    modules: modules.map(({ type, path, contents }) => ({ type, path, contents })),
    modulesRoot: root,
    bindings,
    compatibilityDate,
    compatibilityFlags,
    host,
    port: port ?? 0,
  });
  let url;
  try {
    url = (await mf.ready).toString();
  } catch (err) {
    await mf.dispose().catch(() => {});
    throw err;
  }
  return {
    mf,
    url,
    dispatchFetch: (input, init) => mf.dispatchFetch(input, init),
    dispose: () => mf.dispose(),
  };
}

/**
 * Bundle and serve www-example/worker/worker.js against the installed tarball.
 * `projectDir`: a project with tixy-connect installed (default: installs the
 * tarball into tests/.tmp/example-worker). Bindings mirror wrangler.toml:
 * TIXY_PRIVATE_TOKEN (a secret in production), TIXY_PRIVATE_BASE_URL,
 * TIXY_PUBLIC_TOKEN, TIXY_PUBLIC_BASE_URL, ALLOWED_ORIGIN.
 * Returns startWorker's result plus `bundle` (bundleWorker's result).
 */
export async function startExampleWorker({ projectDir, privateBaseUrl, privateToken, publicBaseUrl, publicToken, allowedOrigin, port, outDir } = {}) {
  projectDir ??= installPackage("example-worker");
  const bundle = await bundleWorker({
    entry: exampleWorkerEntry,
    projectDir,
    outDir: outDir ?? join(projectDir, `.worker-bundle-${port ?? "any"}-${process.pid}-${Date.now()}`),
  });
  const bindings = {};
  if (privateToken !== undefined) bindings.TIXY_PRIVATE_TOKEN = privateToken;
  if (privateBaseUrl !== undefined) bindings.TIXY_PRIVATE_BASE_URL = privateBaseUrl;
  if (publicToken !== undefined) bindings.TIXY_PUBLIC_TOKEN = publicToken;
  if (publicBaseUrl !== undefined) bindings.TIXY_PUBLIC_BASE_URL = publicBaseUrl;
  if (allowedOrigin !== undefined) bindings.ALLOWED_ORIGIN = allowedOrigin;
  const worker = await startWorker({ modules: bundle.modules, modulesRoot: bundle.modulesRoot, bindings, port });
  return { ...worker, bundle };
}
