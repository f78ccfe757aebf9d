// Vite config for the example page. No import of "vite" on purpose: a plain
// object is a valid config, and it keeps this file loadable from any project
// that has Vite installed (the demo and the tests both build this page).
//
// Nothing here is specific to tixy-connect: the package's browser entry loads
// its wasm with `new URL("…wasm", import.meta.url)`, which Vite turns into an
// emitted asset on its own, and it uses top-level await, which every browser
// in Vite's default target supports.
export default {
  plugins: [
    {
      // index.html carries an import map for the no-bundler way of serving it;
      // a built page has "tixy-connect" bundled, so the map would only mislead.
      name: "drop-import-map",
      transformIndexHtml: (html) => html.replace(/\s*<script type="importmap">[\s\S]*?<\/script>/, ""),
    },
  ],
  // Relative asset URLs: the built page works from any path it is served at.
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Keep the wasm a separate file (never inlined as base64).
    assetsInlineLimit: 0,
  },
  worker: {
    // Module workers, so the package's top-level await works in a worker too.
    format: "es",
  },
};
