// Gives the wasm's imports, their modules, and the exports of its JS classes, short names, in
// the wasm and in wasm-bindgen's JS glue alike.
//
//   node scripts/short-imports.mjs pkg/browser/tixy_connect_bg.wasm pkg/browser/tixy_connect.js
//
// wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` (or `__wbindgen_<name>`), and
// every name is spelled twice per build: in the wasm's import section and as a key of the
// glue's import object; the exports of the classes' methods (`tixyclient_events`,
// `__wbg_tixyclient_free`) likewise, as `wasm.<name>` in the glue. Short names are worth about
// 1.4 KB of gzipped wasm and 0.9 KB of glue in the browser build. Only the names in the import
// and export sections change; every other byte of the wasm is copied. The exports that the
// glue's set-up and the tests use by name (`memory`, `__wbindgen_*`, `__externref_*`, …) keep
// theirs. Each name is replaced in the glue as a whole identifier, and the script fails
// unless every one of them is found there, so a glue that spelled one another way (or built it
// at run time) stops the build instead of shipping a wasm whose import is missing.
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error("usage: node scripts/short-imports.mjs <module.wasm> <glue.js>");
  process.exit(2);
}

const wasm = readFileSync(wasmPath);
let pos = 8;
const u32 = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = wasm[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return result;
  }
};
const leb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
};
const name = () => {
  const len = u32();
  const text = wasm.subarray(pos, pos + len).toString("utf8");
  pos += len;
  return text;
};
const encodeName = (text) => Buffer.concat([leb(Buffer.byteLength(text)), Buffer.from(text)]);

/** Skips one import's descriptor (after its two names). */
function skipDescriptor() {
  const kind = wasm[pos++];
  const limits = () => {
    const flags = wasm[pos++];
    u32();
    if (flags & 1) u32();
  };
  if (kind === 0) u32(); // function: type index
  else if (kind === 1) { pos++; limits(); } // table: reference type, limits
  else if (kind === 2) limits(); // memory
  else if (kind === 3) pos += 2; // global: value type, mutability
  else if (kind === 4) { pos++; u32(); } // tag
  else throw new Error(`unknown import kind ${kind}`);
}

// The n-th short name: a, b, …, Z, aa, ab, … (never a number, never a keyword of two letters
// or fewer that could matter as a property key).
const short = (n) => {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let s = "";
  do {
    s = letters[n % 52] + s;
    n = Math.floor(n / 52) - 1;
  } while (n >= 0);
  return s;
};

const chunks = [wasm.subarray(0, 8)];
const renamed = new Map();
// Import modules too: wasm-bindgen spells the module of every import out in full
// (`./snippets/tixy-connect-<hash>/src/boundary/io.js`), once per import in the wasm.
const modules = new Map();
const exported = new Map();
while (pos < wasm.length) {
  const start = pos;
  const id = wasm[pos++];
  const size = u32();
  const body = pos;
  if (id === 7) {
    const count = u32();
    const entries = [leb(count)];
    for (let i = 0; i < count; i++) {
      const field = name();
      const kind = wasm[pos++];
      const index = pos;
      u32();
      let next = field;
      if (!/^(memory$|__wbindgen|__externref|__abort|__instance)/.test(field)) {
        exported.set(field, `${short(exported.size)}_`);
        next = exported.get(field);
      }
      entries.push(encodeName(next), Buffer.from([kind]), wasm.subarray(index, pos));
    }
    if (pos !== body + size) throw new Error("the export section did not parse to its end");
    const section = Buffer.concat(entries);
    chunks.push(Buffer.from([7]), leb(section.length), section);
    continue;
  }
  if (id !== 2) {
    pos = body + size;
    chunks.push(wasm.subarray(start, pos));
    continue;
  }
  const count = u32();
  const entries = [leb(count)];
  for (let i = 0; i < count; i++) {
    const module = name();
    const field = name();
    const descriptor = pos;
    skipDescriptor();
    let next = field;
    if (/^__wb(g|indgen)_/.test(field)) {
      if (!renamed.has(field)) renamed.set(field, short(renamed.size));
      next = renamed.get(field);
    }
    if (!modules.has(module)) modules.set(module, short(modules.size));
    entries.push(encodeName(modules.get(module)), encodeName(next), wasm.subarray(descriptor, pos));
  }
  if (pos !== body + size) throw new Error("the import section did not parse to its end");
  const section = Buffer.concat(entries);
  chunks.push(Buffer.from([2]), leb(section.length), section);
}

let glue = readFileSync(gluePath, "utf8");
for (const [from, to] of renamed) {
  const pattern = new RegExp(`(?<![\\w$])${from}(?![\\w$])`, "g");
  const found = glue.match(pattern)?.length ?? 0;
  if (found === 0) throw new Error(`${gluePath} does not name the import ${from}`);
  glue = glue.replace(pattern, to);
}
// A module's name is a key of the object the glue's __wbg_get_imports returns
// (`"./tixy_connect_bg.js": import0`); its `import … from "./snippets/…"` lines keep the path.
for (const [from, to] of modules) {
  const quoted = from.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const pattern = new RegExp(`(["'])${quoted}\\1(?=\\s*:)`, "g");
  if (!pattern.test(glue)) throw new Error(`${gluePath} has no import object for the module ${from}`);
  glue = glue.replace(pattern, JSON.stringify(to));
}
// wasm-bindgen gives each import taken straight from a snippet its own `import * as importN`
// of that snippet and its own key in the import object, so one module's key repeats
// (`"b": import1, "b": import2, …`): the same namespace each time, and esbuild warns of a
// duplicate key on every build. One key per module stays; the script fails if two entries of
// one key name different files.
const namespaces = new Map([...glue.matchAll(/^import \* as (import\d+) from (["'])(.+?)\2;?$/gm)].map((m) => [m[1], m[3]]));
const kept = new Map();
glue = glue.replace(/^(\s*)"([A-Za-z]+)": (import\d+),\n/gm, (line, _indent, key, ns) => {
  if (!kept.has(key)) {
    kept.set(key, ns);
    return line;
  }
  if (!namespaces.has(ns) || namespaces.get(ns) !== namespaces.get(kept.get(key))) {
    throw new Error(`${gluePath}: the import object's key ${key} names both ${kept.get(key)} and ${ns}`);
  }
  return ""; // its `import * as` stays, unused: the minifier drops it
});
// Exports are read as members of the instance's exports (`wasm.tixyclient_events`); the glue's
// own functions of the same name (`export function tixyErrorClass`) stay as they are.
for (const [from, to] of exported) {
  const pattern = new RegExp(`(?<=\\.)${from}(?![\\w$])`, "g");
  if (!pattern.test(glue)) throw new Error(`${gluePath} does not use the export ${from}`);
  glue = glue.replace(pattern, to);
}
writeFileSync(wasmPath, Buffer.concat(chunks));
writeFileSync(gluePath, glue);
console.error(`short-imports: ${renamed.size} imports, ${modules.size} modules and ${exported.size} exports renamed in ${wasmPath}`);
