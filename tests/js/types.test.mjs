// The published TypeScript declarations: no `any`, and they type-check what
// CONTRACT.md promises while rejecting what it forbids (compiled with tsc
// against the installed tarball, resolving through the exports map).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackage, repoRoot } from "../../harness/package.mjs";

const tsc = join(repoRoot, "tests", "node_modules", ".bin", "tsc");
const dir = installPackage("types");
writeFileSync(
  join(dir, "tsconfig.json"),
  JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom"], skipLibCheck: false } }),
);

function typecheck(name, source) {
  writeFileSync(join(dir, `${name}.ts`), source);
  const r = spawnSync(tsc, ["-p", "tsconfig.json", "--pretty", "false"], { cwd: dir, encoding: "utf8" });
  return (r.stdout + r.stderr).split("\n").filter((l) => l.startsWith(`${name}.ts`));
}

test("no `any` in any published declaration file", () => {
  const pkg = join(dir, "node_modules", "tixy-connect");
  const dts = readdirSync(pkg, { recursive: true }).filter((f) => String(f).endsWith(".d.ts"));
  assert.deepEqual(dts.sort(), ["index.d.ts", "server-browser.d.ts", "server.d.ts"]);
  for (const f of dts) {
    const text = readFileSync(join(pkg, f), "utf8").replace(/\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "");
    assert.doesNotMatch(text, /\bany\b/, `${f} uses any`);
  }
});

test("the contract's usage type-checks, with precise result types", () => {
  const errors = typecheck(
    "good",
    `import { TixyClient, TixyError, type PublicEvent, type TixyErrorKind } from "tixy-connect";
import { TixyPrivateClient, type EventSalesReport } from "tixy-connect/server";
const c = new TixyClient({ publicToken: "t", baseUrl: "https://x.example", timeoutMs: 1, maxRetries: 0, routeStyle: "path", fetch });
export async function run(signal: AbortSignal) {
  const all: PublicEvent[] = await c.events();
  const pub = await c.events({ status: "published" }, { signal, timeoutMs: 5 });
  const price: string | number | undefined = pub[0]?.tickets?.tickets?.[0]?.ticketPools?.[0]?.price;
  const key: string = pub[0]?.id ?? pub[0]?.slug ?? "";
  const resale: boolean | undefined = (await c.event({ slug: "s" })).tickets?.isTicketResselingEnabled;
  const tour = await c.tour({ id: "i" });
  const p = new TixyPrivateClient({ privateToken: "p" });
  const sales: EventSalesReport[] = await p.salesEvents({ status: "all", from: "2024-01-01", to: "2024-12-31" });
  const one = await p.salesEvent({ id: "x" }, { from: "2024-01-01" });
  const terms: unknown = await p.salesTerms();
  const stats = await p.statisticsTour({ slug: "s" });
  const sold: number | undefined = stats.ticket_statistics?.sold?.count;
  const consent = await p.consentTour({ id: "t" });
  const n: number | undefined = typeof consent.total_users === "number" ? consent.total_users : undefined;
  const clients = Array.isArray(consent.clientsGrantedConsent) ? consent.clientsGrantedConsent.length : 0;
  try { await c.events(); } catch (e) {
    if (e instanceof TixyError) { const k: TixyErrorKind = e.kind; const s: number | undefined = e.status; return [k, s]; }
  }
  return [all, price, key, resale, tour.events, sales, one.ticketSales, terms, sold, n, clients];
}
`,
  );
  assert.deepEqual(errors, []);
});

test("what the contract forbids does not type-check", () => {
  const cases = {
    privateTokenInPublicClient: `import { TixyClient } from "tixy-connect"; new TixyClient({ publicToken: "t", privateToken: "p" });`,
    badStatus: `import { TixyClient } from "tixy-connect"; new TixyClient({ publicToken: "t" }).events({ status: "draft" });`,
    idAndSlug: `import { TixyClient } from "tixy-connect"; new TixyClient({ publicToken: "t" }).event({ id: "a", slug: "b" });`,
    privateMethodOnPublic: `import { TixyClient } from "tixy-connect"; new TixyClient({ publicToken: "t" }).salesEvents();`,
    publicMethodOnPrivate: `import { TixyPrivateClient } from "tixy-connect/server"; new TixyPrivateClient({ privateToken: "p" }).events();`,
    privateClientFromMainEntry: `import { TixyPrivateClient } from "tixy-connect"; export { TixyPrivateClient };`,
    idIsOptional: `import { TixyClient } from "tixy-connect"; export const f = async () => { const id: string = (await new TixyClient({ publicToken: "t" }).event({ slug: "s" })).id; return id; };`,
    consentTourIsEitherShape: `import { TixyPrivateClient } from "tixy-connect/server"; export const f = async () => { const n: number | undefined = (await new TixyPrivateClient({ privateToken: "p" }).consentTour({ id: "t" })).total_users; return n; };`,
    badRouteStyle: `import { TixyClient } from "tixy-connect"; new TixyClient({ publicToken: "t", routeStyle: "rest" });`,
  };
  for (const [name, source] of Object.entries(cases)) {
    const errors = typecheck(name, source + "\nexport {};\n");
    assert.ok(errors.length > 0, `${name} should not type-check`);
  }
});
