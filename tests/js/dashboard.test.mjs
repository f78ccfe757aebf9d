// The example Worker's sales dashboard (www-example/worker/worker.js, GET /) in real
// headless Chromium: the Worker runs in real workerd (Miniflare) on the installed tarball,
// against the project's mock TIXY server over real HTTP. The page's numbers are checked
// against the mock's own private API, fetched straight from Node.
//
//   node --test tests/js/dashboard.test.mjs        (from the repo root; needs pkg/*.tgz
//                                                   and tests/node_modules)
//
// DASHBOARD_SCREENSHOTS=<dir> also saves a light and a dark screenshot there, to look at.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { installPackage } from "../../harness/package.mjs";
import { startExampleWorker } from "../../harness/workerd.mjs";
import { launchChromium } from "./lib/chromium.mjs";
import { startMock } from "./lib/mock.mjs";

let mock;
let worker;
let browser;

before(async () => {
  mock = await startMock();
  worker = await startExampleWorker({
    projectDir: installPackage("dashboard"),
    privateBaseUrl: mock.privateUrl,
    privateToken: mock.tokens.private,
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await worker?.dispose();
  await mock?.close();
});

// ------------------------------------------------------------------ helpers

/** The mock's numbers per event id, from its own private API (the truth the page is compared to). */
async function mockNumbers(range = "") {
  const get = async (path) => {
    const res = await fetch(`${mock.privateUrl}${path}?status=all${range}`, { headers: { authorization: `Bearer ${mock.tokens.private}` } });
    assert.equal(res.status, 200, `mock ${path}`);
    return res.json();
  };
  const [sales, stats] = await Promise.all([get("/sales/events"), get("/statistics/events")]);
  const statsById = new Map(stats.map((s) => [s.id, s.ticket_statistics]));
  assert.ok(sales.length >= 10, "the mock has enough events to chart");
  return new Map(sales.map((s) => [s.id, {
    name: s.name,
    grossIncome: s.income.grossIncome,
    ticketsSold: statsById.get(s.id).sold.count,
    ticketsReturned: statsById.get(s.id).returned.count,
  }]));
}

/** A fresh page on the dashboard that records what a person with DevTools open would see in red. */
async function openDashboard(search = "", contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on("console", (msg) => msg.type() === "error" && errors.push(`console.error: ${msg.text()}`));
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(new URL(search, worker.url).href);
  await settled(page);
  return { page, errors, close: () => context.close() };
}

/** Waits until the dashboard is not loading (drawn, or showing an error). */
const settled = (page) => page.waitForFunction(() => document.getElementById("dash").getAttribute("aria-busy") === "false");

/** The geometry of one chart: its bars and its axis ticks, as SVG user units. */
function readChart(page, id) {
  return page.evaluate((id) => {
    const svg = document.getElementById(id);
    return {
      bars: [...svg.querySelectorAll("rect.bar")].map((r) => ({
        id: r.dataset.id,
        series: r.dataset.series,
        y: Number(r.getAttribute("y")),
        height: Number(r.getAttribute("height")),
        value: Number(r.dataset.value),
      })),
      ticks: [...svg.querySelectorAll("line[data-value]")].map((l) => ({ value: Number(l.dataset.value), y: Number(l.getAttribute("y1")) })),
    };
  }, id);
}

/**
 * Every bar of `series` stands on the axis' zero line, and its height is the mock's number
 * scaled by the axis (pixels per unit, read from the top tick): heights follow the numbers.
 */
function assertBarsFollow(chart, series, truth, what) {
  const bars = chart.bars.filter((b) => b.series === series);
  assert.deepEqual(bars.map((b) => b.id).sort(), [...truth.keys()].sort(), `${what}: one ${series} bar per event`);
  const zero = chart.ticks.find((t) => t.value === 0);
  const top = chart.ticks.reduce((a, t) => (t.value > a.value ? t : a));
  assert.ok(zero && top.value > 0, `${what}: the axis has a zero line and a top tick`);
  const perUnit = (zero.y - top.y) / top.value;
  const values = bars.map((b) => truth.get(b.id)[series]);
  const max = Math.max(...values);
  assert.ok(top.value >= max, `${what}: the axis top ${top.value} is at least the largest number ${max}`);
  const tallest = Math.max(...chart.bars.map((x) => x.height));
  assert.ok(tallest >= 0.4 * (zero.y - top.y), `${what}: the tallest bar uses the chart's height`);
  for (const [i, b] of bars.entries()) {
    const expected = values[i] * perUnit;
    assert.ok(Math.abs(b.height - expected) < 0.01, `${what}: ${series} bar of ${b.id} is ${b.height} high, expected ${expected} (value ${values[i]})`);
    assert.ok(Math.abs(b.y + b.height - zero.y) < 0.01, `${what}: ${series} bar of ${b.id} does not stand on the zero line`);
  }
  // The ratios directly, as a person would compare two bars.
  const [a, b] = [bars.indexOf(bars.find((x, i) => values[i] === max)), bars.findIndex((x, i) => values[i] > 0 && values[i] < max)];
  assert.ok(Math.abs(bars[b].height / bars[a].height - values[b] / values[a]) < 1e-3, `${what}: bar ratio`);
}

/** Relative luminance and contrast ratio (WCAG 2) of `rgb(...)` colours. */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((c) => {
    const s = Number(c) / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (x, y) => {
  const [hi, lo] = [luminance(x), luminance(y)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
};

// ------------------------------------------------------------------ tests

test("the charts' bar heights follow the mock's gross income, tickets sold and returned", { timeout: 60_000 }, async () => {
  const truth = await mockNumbers();
  const { page, errors, close } = await openDashboard();
  try {
    assert.equal(await page.locator("#status").getAttribute("class"), "", await page.locator("#status").textContent());
    assertBarsFollow(await readChart(page, "gross-chart"), "grossIncome", truth, "gross chart");
    const tickets = await readChart(page, "tickets-chart");
    assertBarsFollow(tickets, "ticketsSold", truth, "tickets chart");
    assertBarsFollow(tickets, "ticketsReturned", truth, "tickets chart");
    assert.ok([...truth.values()].some((e) => e.ticketsReturned > 0), "control: the mock has returned tickets to draw");
    // Sold and returned share one axis, so a returned bar is never taller than its sold bar here.
    for (const r of tickets.bars.filter((b) => b.series === "ticketsReturned")) {
      const sold = tickets.bars.find((b) => b.series === "ticketsSold" && b.id === r.id);
      assert.ok(r.height <= sold.height, `returned bar of ${r.id} is taller than its sold bar`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("the charts are images with a name and the numbers as their description", { timeout: 60_000 }, async () => {
  const truth = await mockNumbers();
  const { page, errors, close } = await openDashboard();
  try {
    // Through Chromium's accessibility tree: role img with the title as its name.
    await page.getByRole("img", { name: "Gross income per event", exact: true }).waitFor();
    await page.getByRole("img", { name: "Tickets sold and returned per event", exact: true }).waitFor();
    const descs = await page.evaluate((events) => {
      const m = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      const n = new Intl.NumberFormat();
      const describedBy = (id) => document.getElementById(document.getElementById(id).getAttribute("aria-describedby"))?.textContent ?? "";
      return {
        gross: describedBy("gross-chart"),
        tickets: describedBy("tickets-chart"),
        wantGross: events.map((e) => `${e.name}: ${m.format(e.grossIncome)}`),
        wantTickets: events.map((e) => `${e.name}: ${n.format(e.ticketsSold)} sold, ${n.format(e.ticketsReturned)} returned`),
      };
    }, [...truth.values()]);
    for (const s of descs.wantGross) assert.ok(descs.gross.includes(s), `gross chart description lacks "${s}"`);
    for (const s of descs.wantTickets) assert.ok(descs.tickets.includes(s), `tickets chart description lacks "${s}"`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("changing the date range sends from/to to the private API and redraws; the range survives a reload", { timeout: 60_000 }, async () => {
  const [from, to] = ["2026-01-01", "2026-06-30"];
  const unranged = await mockNumbers();
  const ranged = await mockNumbers(`&from=${from}&to=${to}`);
  const someId = [...ranged.keys()].find((id) => ranged.get(id).grossIncome !== unranged.get(id).grossIncome);
  assert.ok(someId, "control: the mock's ranged numbers differ from the unranged ones");
  const { page, errors, close } = await openDashboard();
  try {
    mock.clearLog();
    await page.fill("#from", from);
    await page.fill("#to", to);
    await page.waitForFunction((to) => location.search.includes(`to=${to}`), to);
    await settled(page);
    const sent = mock.log().filter((e) => e.server === "private").map((e) => `${e.path} ${JSON.stringify(e.query)}`);
    for (const path of ["/sales/events", "/statistics/events"]) {
      assert.ok(sent.includes(`${path} ${JSON.stringify({ status: "all", from, to })}`), `${path} with from and to: ${sent.join(", ")}`);
    }
    const gross = await readChart(page, "gross-chart");
    assertBarsFollow(gross, "grossIncome", ranged, "gross chart, ranged");
    assert.equal(gross.bars.find((b) => b.id === someId).value, ranged.get(someId).grossIncome, "the bars were redrawn with the ranged numbers");
    const tickets = await readChart(page, "tickets-chart");
    assertBarsFollow(tickets, "ticketsSold", ranged, "tickets chart, ranged");
    assertBarsFollow(tickets, "ticketsReturned", ranged, "tickets chart, ranged");

    // The range is in the address: a reload asks for the same range and fills the pickers.
    mock.clearLog();
    await page.reload();
    await settled(page);
    assert.deepEqual([await page.inputValue("#from"), await page.inputValue("#to")], [from, to]);
    assert.deepEqual(mock.log().map((e) => [e.query.from, e.query.to]), [[from, to], [from, to]]);

    // "All dates" clears both and asks without a range.
    mock.clearLog();
    await page.click("#all-dates");
    await page.waitForFunction(() => location.search === "");
    await settled(page);
    assert.deepEqual(mock.log().map((e) => e.query), [{ status: "all" }, { status: "all" }]);
    assertBarsFollow(await readChart(page, "gross-chart"), "grossIncome", unranged, "gross chart, all dates");
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("a loading state (aria-busy, shimmering placeholder) shows while the data is fetched, then goes", { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openDashboard();
  try {
    // Hold the page's next /api/sales request until the loading state has been looked at, then
    // let it go to the Worker unchanged: no timing involved, and the data is still real.
    let release;
    const held = new Promise((ok) => (release = ok));
    await page.route("**/api/sales?*", async (route) => {
      await held;
      await route.continue();
    });
    mock.clearLog();
    await page.fill("#from", "2026-02-01");
    const state = () => page.evaluate(() => ({
      busy: document.getElementById("dash").getAttribute("aria-busy"),
      status: document.getElementById("status").textContent,
      animation: getComputedStyle(document.querySelector(".plot")).animationName,
      opacity: getComputedStyle(document.getElementById("gross-chart")).opacity,
      bars: document.querySelectorAll("#gross-chart rect.bar").length,
    }));
    const loading = await state();
    assert.deepEqual({ ...loading, bars: loading.bars > 0 }, { busy: "true", status: "Loading…", animation: "shimmer", opacity: "0.35", bars: true },
      "the previous charts stay, dimmed, over the placeholder");
    assert.deepEqual(mock.log(), [], "control: the request was held");
    release();
    await settled(page);
    const done = await state();
    assert.match(done.status, /^Updated /);
    assert.deepEqual([done.animation, done.opacity], ["none", "1"]);
    assert.ok(done.bars > 0);
    assert.ok(mock.log().some((e) => e.path === "/sales/events" && e.query.from === "2026-02-01"), "the held request went to the mock");
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("a range with From after To gives a clear message and sends nothing; fixing it loads again", { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openDashboard();
  try {
    mock.clearLog();
    await page.fill("#to", "2026-01-31");
    await settled(page);
    mock.clearLog();
    await page.fill("#from", "2026-03-01");
    await page.waitForFunction(() => document.getElementById("status").className === "error");
    assert.equal(await page.textContent("#status"), "“From” (2026-03-01) is after “To” (2026-01-31). Pick a From date on or before the To date.");
    assert.equal(await page.getAttribute("#from", "aria-invalid"), "true");
    assert.equal(await page.getAttribute("#to", "aria-invalid"), "true");
    assert.equal(await page.isVisible("#dash"), false, "no stale charts under the message");
    assert.deepEqual(mock.log(), [], "nothing was requested for a bad range");

    await page.fill("#from", "2026-01-01");
    await settled(page);
    assert.equal(await page.getAttribute("#from", "aria-invalid"), "false");
    assert.equal(await page.isVisible("#dash"), true);
    assert.ok((await readChart(page, "gross-chart")).bars.length > 0);
    assert.deepEqual(errors, []);

    // The Worker itself refuses the same range (the client checks it before any request).
    mock.clearLog();
    const res = await fetch(new URL("/api/sales?from=2026-03-01&to=2026-01-31", worker.url));
    const body = await res.json();
    assert.equal(res.status, 400);
    assert.equal(body.error, "invalid_input");
    assert.match(body.message, /from/);
    assert.deepEqual(mock.log(), []);
  } finally {
    await close();
  }
});

test("an error from the Worker is shown as a message, not a crash", { timeout: 60_000 }, async () => {
  mock.addFaults([{ type: "status", status: 503, times: 3, match: { server: "private", path: "/statistics/events" } }]);
  const { page, close } = await openDashboard("?from=2026-04-01");
  try {
    assert.equal(await page.getAttribute("#status", "class"), "error");
    assert.match(await page.textContent("#status"), /^Could not load sales: /);
    assert.equal(await page.isVisible("#dash"), false);
  } finally {
    mock.clearFaults();
    await close();
  }
});

test("the page holds no token: not in its HTML, its script, or the JSON it reads", { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  page.on("response", (res) => bodies.push(res.text().then((t) => `${res.url()}\n${[...Object.entries(res.headers())].join("\n")}\n${t}`)));
  try {
    await page.goto(worker.url);
    await settled(page);
    const seen = [...(await Promise.all(bodies)), await page.content()];
    assert.ok(seen.some((t) => t.includes("/api/sales")) && seen.some((t) => t.includes("grossIncome")), "control: the page and its JSON were captured");
    for (const token of Object.values(mock.tokens)) {
      // The token, and any run of 8 of its characters.
      for (let i = 0; i + 8 <= token.length; i++) {
        const run = token.slice(i, i + 8);
        for (const t of seen) assert.ok(!t.includes(run), `the page saw "${run}", part of a token`);
      }
    }
  } finally {
    await context.close();
  }
});

for (const colorScheme of ["light", "dark"]) {
  test(`${colorScheme} scheme: bars, text and grid lines stand out from the background`, { timeout: 60_000 }, async () => {
    const { page, errors, close } = await openDashboard("", { colorScheme });
    try {
      const c = await page.evaluate(() => {
        const style = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
        return {
          background: style("body", "backgroundColor"),
          text: style("body", "color"),
          axisText: style("#gross-chart text", "fill"),
          gross: style("#gross-chart rect.bar", "fill"),
          sold: style("#tickets-chart rect.sold", "fill"),
          returned: style("#tickets-chart rect.returned", "fill"),
          legendSold: style(".swatch.sold", "backgroundColor"),
          legendReturned: style(".swatch.returned", "backgroundColor"),
        };
      });
      assert.equal(luminance(c.background) < 0.05, colorScheme === "dark", `background ${c.background}`);
      assert.ok(contrast(c.text, c.background) >= 7, `text ${c.text} on ${c.background}`);
      assert.ok(contrast(c.axisText, c.background) >= 4.5, `axis labels ${c.axisText} on ${c.background}`);
      for (const bar of ["gross", "sold", "returned"]) {
        assert.ok(contrast(c[bar], c.background) >= 3, `${bar} bars ${c[bar]} on ${c.background}`);
      }
      assert.notEqual(c.sold, c.returned, "sold and returned bars have different colours");
      assert.equal(c.legendSold, c.sold, "the legend's swatch is the sold bars' colour");
      assert.equal(c.legendReturned, c.returned, "the legend's swatch is the returned bars' colour");
      if (process.env.DASHBOARD_SCREENSHOTS) {
        mkdirSync(process.env.DASHBOARD_SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: join(process.env.DASHBOARD_SCREENSHOTS, `dashboard-${colorScheme}.png`), fullPage: true });
      }
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}
