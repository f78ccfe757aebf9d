// tixy-connect example page: published events and tours from the TIXY Public API.
//
// Imported exactly as an npm user would. No init() call: the package's browser
// entry loads its wasm core on import.
import { TixyClient, TixyError } from "tixy-connect";

const app = document.getElementById("app");

// ---------------------------------------------------------------- tiny DOM helper
// Every value from the API goes through text nodes, never innerHTML.
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function show(...nodes) {
  app.replaceChildren(...nodes);
}

// ---------------------------------------------------------------- formatting
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function formatDate(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** When the event starts: its first opening, else its end date. */
function startsAt(event) {
  return event.dates?.openings?.[0]?.date || event.dates?.end || "";
}

/** One row per ticket pool: ticket name, pool label, price string as sent. */
function poolRows(event) {
  const rows = [];
  for (const ticket of event.tickets?.tickets ?? []) {
    const pools = ticket.ticketPools ?? [];
    pools.forEach((pool, i) => {
      rows.push({
        ticket: ticket.name ?? "Ticket",
        pool: pools.length > 1 ? `pool ${i + 1} of ${pools.length}` : "",
        price: pool.price ?? "—",
        onSale: pool.salesActive === true,
      });
    });
  }
  return rows;
}

// ---------------------------------------------------------------- errors
const ERROR_TEXT = {
  invalid_input: "The request was not valid.",
  invalid_token: "The public token in config.json was not accepted. Check it for typos.",
  access_denied: "The token was refused here. It may be the wrong kind of token: this page needs the public token.",
  not_found: "Nothing was found there. It may have been unpublished.",
  bad_request: "The TIXY API did not accept the request.",
  rate_limited: "Too many requests right now. Please try again in a moment.",
  server: "The TIXY API had a problem. Please try again later.",
  network: "Could not reach the TIXY API. Check your connection.",
  timeout: "The TIXY API took too long to answer.",
  aborted: "The request was cancelled.",
  decode: "The TIXY API sent an answer this page could not read.",
  browser_runtime: "This client cannot run in a browser.",
};

function errorView(err, context) {
  const kind = err instanceof TixyError ? err.kind : "unexpected";
  const text = ERROR_TEXT[kind] ?? "Something went wrong.";
  return h(
    "div",
    { class: "error", role: "alert", dataset: { kind } },
    h("strong", {}, `Could not load ${context}.`),
    text,
    " ",
    h("small", {}, "(", h("code", {}, kind), err.status ? `, HTTP ${err.status}` : "", ")"),
  );
}

// ---------------------------------------------------------------- views
function poolList(event) {
  const rows = poolRows(event);
  if (rows.length === 0) return h("p", { class: "empty" }, "No tickets listed yet.");
  return h(
    "ul",
    { class: "pools" },
    rows.map((r) =>
      h(
        "li",
        {},
        h("span", {}, r.ticket, r.pool ? h("span", { class: "off" }, ` · ${r.pool}`) : ""),
        h("span", { class: "price" }, r.price, r.onSale ? "" : h("span", { class: "off" }, " (not on sale)")),
      ),
    ),
  );
}

function eventCard(event) {
  return h(
    "li",
    { class: "card", dataset: { eventId: event.id } },
    h("h3", {}, h("a", { href: `#/event/${encodeURIComponent(event.id)}` }, event.name)),
    h("p", { class: "when" }, formatDate(startsAt(event))),
    event.category ? h("span", {}, h("span", { class: "tag" }, event.category)) : "",
    poolList(event),
  );
}

function tourItem(tour) {
  const count = tour.events?.length ?? 0;
  return h(
    "li",
    { dataset: { tourId: tour.id } },
    h("a", { href: `#/tour/${encodeURIComponent(tour.id)}` }, tour.name),
    h("span", { class: "count" }, ` · ${count} ${count === 1 ? "event" : "events"}`),
  );
}

async function homeView(tixy, signal) {
  const [events, tours] = await Promise.all([
    tixy.events({ status: "published" }, { signal }).catch((err) => err),
    tixy.tours({ status: "published" }, { signal }).catch((err) => err),
  ]);
  if (signal.aborted) return;
  document.title = "TIXY events — tixy-connect example";
  show(
    h("h2", { class: "section" }, "Events ", Array.isArray(events) ? h("span", { class: "count" }, `(${events.length})`) : ""),
    events instanceof Error
      ? errorView(events, "events")
      : events.length === 0
        ? h("p", { class: "empty" }, "No published events right now.")
        : h("ul", { class: "grid", "aria-label": "Published events" }, events.map(eventCard)),
    h("h2", { class: "section" }, "Tours ", Array.isArray(tours) ? h("span", { class: "count" }, `(${tours.length})`) : ""),
    tours instanceof Error
      ? errorView(tours, "tours")
      : tours.length === 0
        ? h("p", { class: "empty" }, "No published tours right now.")
        : h("ul", { class: "tours", "aria-label": "Published tours" }, tours.map(tourItem)),
  );
}

async function eventView(tixy, id, signal) {
  const event = await tixy.event({ id }, { signal });
  if (signal.aborted) return;
  document.title = `${event.name} — TIXY events`;
  const rows = poolRows(event);
  const openings = event.dates?.openings ?? [];
  show(
    h("a", { class: "back", href: "#/" }, "← All events"),
    h(
      "article",
      { class: "detail", dataset: { eventId: event.id } },
      h("h1", {}, event.name),
      event.artistsDetails ? h("p", { class: "when" }, event.artistsDetails) : "",
      h("p", { class: "description" }, event.description ?? ""),
      h(
        "dl",
        { class: "facts" },
        openings.length
          ? [h("dt", {}, openings.length > 1 ? "Openings" : "Opens"), h("dd", {}, openings.map((o) => formatDate(o.date)).join(" · "))]
          : "",
        event.dates?.end ? [h("dt", {}, "Ends"), h("dd", {}, formatDate(event.dates.end))] : "",
        event.category ? [h("dt", {}, "Category"), h("dd", {}, event.category)] : "",
        event.restrictions?.ageLimit && event.restrictions.ageLimit !== "0"
          ? [h("dt", {}, "Age limit"), h("dd", {}, `${event.restrictions.ageLimit}+`)]
          : "",
      ),
      h("h2", {}, "Tickets"),
      rows.length === 0
        ? h("p", { class: "empty" }, "No tickets listed yet.")
        : h(
            "table",
            { "aria-label": "Ticket pools and prices" },
            h("thead", {}, h("tr", {}, h("th", {}, "Ticket"), h("th", {}, "Pool"), h("th", {}, "Price"), h("th", {}, "Sales"))),
            h(
              "tbody",
              {},
              rows.map((r) =>
                h("tr", {}, h("td", {}, r.ticket), h("td", {}, r.pool || "—"), h("td", { class: "price" }, r.price), h("td", {}, r.onSale ? "On sale" : "Not on sale")),
              ),
            ),
          ),
    ),
  );
}

async function tourView(tixy, id, signal) {
  const tour = await tixy.tour({ id }, { signal });
  if (signal.aborted) return;
  document.title = `${tour.name} — TIXY events`;
  const events = tour.events ?? [];
  show(
    h("a", { class: "back", href: "#/" }, "← All events"),
    h(
      "article",
      { class: "detail", dataset: { tourId: tour.id } },
      h("h1", {}, tour.name),
      h("p", { class: "description" }, tour.description ?? ""),
      h("h2", {}, "Tour dates ", h("span", { class: "count" }, `(${events.length})`)),
      events.length === 0
        ? h("p", { class: "empty" }, "No events on this tour yet.")
        : h("ul", { class: "grid", "aria-label": "Tour events" }, events.map(eventCard)),
    ),
  );
}

// ---------------------------------------------------------------- routing
let current = new AbortController();

async function route(tixy) {
  current.abort();
  const controller = (current = new AbortController());
  const { signal } = controller;
  const [, view, rawId] = location.hash.match(/^#\/(event|tour)\/(.+)$/) ?? [];
  const id = rawId && decodeURIComponent(rawId);
  show(h("p", { class: "loading" }, "Loading…"));
  try {
    if (view === "event") await eventView(tixy, id, signal);
    else if (view === "tour") await tourView(tixy, id, signal);
    else await homeView(tixy, signal);
  } catch (err) {
    if (signal.aborted) return; // superseded by a newer navigation
    show(h("a", { class: "back", href: "#/" }, "← All events"), errorView(err, view ?? "events"));
  }
  window.scrollTo(0, 0);
}

// ---------------------------------------------------------------- start
async function loadConfig() {
  const res = await fetch("./config.json", { cache: "no-store" });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const config = await res.json();
  if (typeof config.publicToken !== "string") throw new Error("config.json has no publicToken");
  return config;
}

async function start() {
  let tixy;
  try {
    const config = await loadConfig();
    tixy = new TixyClient({
      publicToken: config.publicToken,
      // Omitted → the real API (https://public-api.tixyapp.com).
      ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    });
  } catch (err) {
    show(
      err instanceof TixyError
        ? errorView(err, "the configuration")
        : h("div", { class: "error", role: "alert", dataset: { kind: "config" } }, h("strong", {}, "Could not read config.json."), err.message),
    );
    return;
  }
  window.addEventListener("hashchange", () => route(tixy));
  await route(tixy);
}

start();
