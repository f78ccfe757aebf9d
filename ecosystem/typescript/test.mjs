// TypeScript 5.9 and the current major (7), `strict`, under moduleResolution
// "bundler" and "nodenext", against the installed tarball's exports map:
//   - every TS/JS code block of README.md (extracted here, so they cannot drift);
//   - what the contract forbids, with @ts-expect-error, and the diagnostics that explain;
//   - with the `browser` condition declared, TixyPrivateClient is a type error that says why.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { repoRoot } from "../lib.mjs";

const work = resolve("work");
const TSC = { "5.9": "node_modules/ts59/bin/tsc", "7": "node_modules/ts7/bin/tsc" };
const MODES = {
  bundler: { module: "esnext", moduleResolution: "bundler" },
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
};
const base = {
  strict: true,
  noEmit: true,
  target: "es2022",
  lib: ["es2022", "dom", "dom.iterable"],
  types: ["node"],
  jsx: "preserve",
  allowJs: true,
  checkJs: true,
  skipLibCheck: false,
};

before(() => rmSync(work, { recursive: true, force: true }));
after(() => rmSync(work, { recursive: true, force: true }));

/** A folder under work/ with these files and a tsconfig; returns tsc's diagnostics (one string). */
function check(version, name, files, options) {
  const dir = join(work, `${name}-${version}`);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...base, ...options }, include: ["*"] }, null, 2));
  const r = spawnSync(process.execPath, [TSC[version], "-p", join(dir, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8" });
  return { code: r.status, out: (r.stdout + r.stderr).trim() };
}

// Globals of the runtimes the README's recipes name that are not in lib.dom or @types/node.
const RUNTIME_GLOBALS = `declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(handler: (request: Request) => Response | Promise<Response>): unknown;
};
`;

function readmeBlocks() {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/^```(js|jsx|ts|tsx)\n([\s\S]*?)^```$/gm)].map((m, i) => [`readme-${i + 1}.${m[1]}`, m[2]]);
  return Object.fromEntries(blocks);
}

for (const version of Object.keys(TSC)) {
  describe(`tsc ${version}`, () => {
    for (const [mode, options] of Object.entries(MODES)) {
      test(`${mode}: every TS/JS code block of README.md compiles under strict`, () => {
        const blocks = readmeBlocks();
        assert.ok(Object.keys(blocks).length >= 7, `found ${Object.keys(blocks).length} blocks`);
        const r = check(version, `readme-${mode}`, { ...blocks, "runtime-globals.d.ts": RUNTIME_GLOBALS }, options);
        assert.equal(r.code, 0, r.out);
      });

      test(`${mode}: what the contract forbids is a type error (@ts-expect-error)`, () => {
        const r = check(
          version,
          `forbidden-${mode}`,
          {
            "forbidden.ts": `import { TixyClient } from "tixy-connect";
import { TixyPrivateClient } from "tixy-connect/server";
declare const secret: string;
// @ts-expect-error a private token in TixyClient
new TixyClient({ publicToken: "p", privateToken: secret });
const c = new TixyClient({ publicToken: "p" });
// @ts-expect-error a private method on TixyClient
c.salesEvents();
// @ts-expect-error id and slug together
c.event({ id: "a", slug: "b" });
// @ts-expect-error a status that does not exist
c.events({ status: "draft" });
// @ts-expect-error a public token in TixyPrivateClient
new TixyPrivateClient({ privateToken: secret, publicToken: "p" });
// The same calls, allowed: the expectations above are not vacuous.
new TixyPrivateClient({ privateToken: secret }).salesEvents();
c.event({ slug: "b" });
c.events({ status: "pastdue" });
`,
          },
          options,
        );
        assert.equal(r.code, 0, r.out);
      });

      test(`${mode}: the diagnostics say where each token belongs`, () => {
        const r = check(
          version,
          `diagnostics-${mode}`,
          {
            "tokens.ts": `import { TixyClient } from "tixy-connect";
import { TixyPrivateClient } from "tixy-connect/server";
declare const secret: string;
new TixyClient({ publicToken: "p", privateToken: secret });
new TixyPrivateClient({ privateToken: secret, publicToken: "p" });
`,
          },
          options,
        );
        assert.notEqual(r.code, 0);
        assert.match(r.out, /A private token belongs in TixyPrivateClient from tixy-connect\/server/, r.out);
        assert.match(r.out, /A public token belongs in TixyClient from tixy-connect/, r.out);
      });

      test(`${mode}, customConditions ["browser"]: TixyPrivateClient from tixy-connect/server is a type error that says why`, () => {
        const files = {
          "page.ts": `import { TixyClient } from "tixy-connect";
import { TixyPrivateClient } from "tixy-connect/server";
new TixyClient({ publicToken: "p" });
export const c = new TixyPrivateClient({ privateToken: "p" });
`,
        };
        const browser = check(version, `browser-${mode}`, files, { ...options, customConditions: ["browser"] });
        assert.notEqual(browser.code, 0, "must not compile in browser code");
        assert.match(browser.out, /tixy-connect\/server is for server and edge code only: TixyPrivateClient needs the private token/, browser.out);
        assert.equal(browser.out.split("\n").filter((l) => /error TS/.test(l)).length, 1, browser.out);
        // Control: the same file on a server (no browser condition) compiles.
        const server = check(version, `server-${mode}`, files, options);
        assert.equal(server.code, 0, server.out);
      });
    }
  });
}
