// Deterministic fake data for the mock TIXY server.
//
// Everything is derived from one seed, so the same options always give byte-identical
// responses (tests can snapshot them). Public events/tours are built once, eagerly;
// private reports are derived on demand from the public data plus a per-entity PRNG,
// so a 20,000-event dataset builds quickly and private numbers stay consistent with the
// tickets and prices the public API shows.

// ------------------------------------------------------------------ PRNG helpers

/** mulberry32: tiny, fast, good-enough 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string: used to seed per-entity PRNGs from (seed, id, purpose). */
export function hash32(str) {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A small toolbox bound to one PRNG, so generators read naturally. */
function rng(seed) {
  const next = mulberry32(seed);
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    hex: (n) => {
      // One PRNG call per 8 hex digits, bytes through a lookup table: this runs ~10^5
      // times for a 20k-event dataset, so it must not build strings digit by digit.
      let s = '';
      while (s.length < n) {
        const v = Math.floor(next() * 4294967296);
        s += HEX_BYTE[v >>> 24] + HEX_BYTE[(v >>> 16) & 255] + HEX_BYTE[(v >>> 8) & 255] + HEX_BYTE[v & 255];
      }
      return s.length === n ? s : s.slice(0, n);
    },
  };
}

const round2 = (x) => Math.round(x * 100) / 100;
const pct = (part, whole) => (whole > 0 ? round2((part / whole) * 100) : 0);
const DAY = 86_400_000;
// Fixed "now" of the dataset: dates never depend on the wall clock, so output is stable.
const REFERENCE_TIME = Date.UTC(2026, 8, 1, 12, 0, 0);
// Fast toISOString(): Date#toISOString dominated build time for large datasets, so
// the date part is cached per day and the time part is formatted by hand.
const dayCache = new Map();
const pad2 = (n) => (n < 10 ? '0' : '') + n;
function iso(ms) {
  ms = Math.round(ms);
  const day = Math.floor(ms / DAY);
  let date = dayCache.get(day);
  if (date === undefined) dayCache.set(day, (date = new Date(day * DAY).toISOString().slice(0, 10)));
  let rem = ms - day * DAY;
  const h = Math.floor(rem / 3_600_000); rem -= h * 3_600_000;
  const m = Math.floor(rem / 60_000); rem -= m * 60_000;
  const sec = Math.floor(rem / 1000);
  const milli = rem - sec * 1000;
  return `${date}T${pad2(h)}:${pad2(m)}:${pad2(sec)}.${String(milli).padStart(3, '0')}Z`;
}

function uuid(r) {
  const h = r.hex(32);
  const variant = '89ab'[Math.floor(r.next() * 4)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function slugify(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// ------------------------------------------------------------------ word lists

const CITIES = [
  ['Warsaw', 'Torwar Hall'], ['Kraków', 'Tauron Arena'], ['Gdańsk', 'Polsat Plus Arena'],
  ['Wrocław', 'Hala Stulecia'], ['Poznań', 'Blue City Club'], ['Łódź', 'Atlas Arena'],
  ['Katowice', 'Spodek'], ['Lublin', 'Centrum Spotkania Kultur'], ['Szczecin', 'Filharmonia'],
  ['Berlin', 'Columbiahalle'], ['Prague', 'Lucerna Music Bar'], ['Vienna', 'Gasometer'],
];
const SEASONS = ['Summer', 'Winter', 'Spring', 'Autumn', 'Midnight', 'Open-Air', 'Late', 'Grand'];
const GENRES = [
  ['Jazz', 'concert'], ['Rock', 'concert'], ['Techno', 'party'], ['Indie', 'concert'],
  ['Stand-up', 'comedy'], ['Hip-Hop', 'concert'], ['Classical', 'concert'], ['Film', 'screening'],
  ['Theatre', 'theatre'], ['Food', 'festival'], ['Folk', 'concert'], ['Electronic', 'festival'],
];
const KINDS = ['Night', 'Festival', 'Sessions', 'Showcase', 'Gala', 'Marathon', 'Weekend', 'Live'];
const ARTISTS = [
  'The Vistula Quartet', 'Anna Nowak Trio', 'Brass Harbour', 'Midnight Tram', 'Kasia & The Owls',
  'DJ Pierogi', 'Northern Lights Orchestra', 'Jan Kowalski', 'Silesian Soul Collective',
  'Orange Street Band', 'Ola Wiśniewska', 'Static Bloom',
];
const TICKET_NAMES = ['General Admission', 'VIP', 'Standing', 'Seated – Balcony', 'Student', 'Early Entry'];
const POOL_NAMES = ['Early Bird', 'Regular', 'Last Minute'];
const FIRST_NAMES = ['Anna', 'Piotr', 'Katarzyna', 'Łukasz', 'Magdalena', 'Tomasz', 'Zofia', 'Michał', 'Julia', 'Paweł', 'Agnieszka', 'Jakub'];
const LAST_NAMES = ['Nowak', 'Kowalski', 'Wiśniewska', 'Wójcik', 'Kamińska', 'Lewandowski', 'Zielińska', 'Szymański', 'Woźniak', 'Dąbrowski'];
const COUNTRIES = ['PL', 'DE', 'UA', 'CZ', 'GB', 'NL', 'SK', 'LT'];
const DEVICE_TYPES = ['mobile', 'desktop', 'tablet'];

// ------------------------------------------------------------------ public events

function makeTicketPool(r, { price, startMs, endMs, active }) {
  const hasStartDate = r.chance(0.85);
  const hasEndDate = r.chance(0.7);
  return {
    salesDates: {
      start: hasStartDate ? iso(startMs) : '',
      hasEndDate,
      end: hasEndDate ? iso(endMs) : '',
      hasStartDate,
    },
    id: uuid(r),
    salesActive: active,
    price: price.toFixed(2),
  };
}

function makeTickets(r, { eventEndMs, published }) {
  const count = r.int(1, 3);
  const names = [...TICKET_NAMES].sort(() => r.next() - 0.5).slice(0, count);
  const salesOpenMs = eventEndMs - r.int(60, 150) * DAY;
  return names.map((name) => {
    const poolCount = r.int(1, 2);
    const basePrice = r.int(4, 40) * 10 - 1 + (name === 'VIP' ? 200 : 0);
    const span = (eventEndMs - salesOpenMs) / poolCount;
    const ticketPools = [];
    for (let p = 0; p < poolCount; p++) {
      const startMs = salesOpenMs + span * p;
      const endMs = startMs + span;
      ticketPools.push(makeTicketPool(r, {
        price: basePrice + p * 20,
        startMs,
        endMs,
        // Only the current pool of a published event sells; past-due events sell nothing.
        active: published && p === poolCount - 1,
      }));
    }
    return {
      name,
      description: `${name} ticket. ${r.pick(['Non-refundable.', 'Includes cloakroom.', 'ID required at entry.', 'Valid for one person.'])}`,
      id: uuid(r),
      ticketPools,
      isSinglePoolTicket: poolCount === 1,
      shouldDisplayTicketName: count > 1 || r.chance(0.5),
    };
  });
}

function makeEvent(r, index) {
  // Event 0 is always published and event 1 always past-due, so both filters are non-empty.
  const published = index === 0 ? true : index === 1 ? false : r.chance(0.7);
  const [city, venue] = r.pick(CITIES);
  const [genre, type] = r.pick(GENRES);
  const name = `${city} ${r.pick(SEASONS)} ${genre} ${r.pick(KINDS)}`;
  const eventEndMs = published
    ? REFERENCE_TIME + r.int(1, 600) * DAY + r.int(18, 23) * 3_600_000
    : REFERENCE_TIME - r.int(1, 730) * DAY + r.int(18, 23) * 3_600_000;
  const openingsCount = r.int(1, 2);
  const durationH = r.int(2, 6);
  const openings = [];
  const firstOpeningMs = eventEndMs - openingsCount * durationH * 3_600_000;
  for (let o = 0; o < openingsCount; o++) {
    openings.push({ date: iso(firstOpeningMs + o * durationH * 3_600_000), id: uuid(r) });
  }
  const createdMs = eventEndMs - r.int(90, 200) * DAY;
  const year = new Date(eventEndMs).getUTCFullYear();
  const id = r.hex(16) + index.toString(16).padStart(8, '0'); // suffix guarantees uniqueness
  const artist = r.pick(ARTISTS);
  return {
    social: {
      links: [
        `https://www.facebook.com/events/${r.int(10 ** 14, 10 ** 15)}`,
        `https://www.instagram.com/${slugify(artist).replace(/-/g, '')}`,
      ].slice(0, r.int(1, 2)),
    },
    tickets: {
      isTicketResselingEnabled: r.chance(0.4),
      tickets: makeTickets(r, { eventEndMs, published }),
    },
    dates: {
      scanning: { start: iso(firstOpeningMs - 3_600_000), end: iso(eventEndMs) },
      end: iso(eventEndMs),
      openings,
    },
    status: published ? 'published' : 'pastdue',
    types: [type],
    visibility: r.chance(0.9) ? 'public' : 'unlisted',
    allowResale: r.chance(0.5),
    name,
    artistsDetails: `${artist}${r.chance(0.5) ? ` with special guest ${r.pick(ARTISTS)}` : ''}`,
    publishTime: iso(createdMs + r.int(1, 10) * DAY),
    id,
    slug: `${slugify(`${name} ${year}`)}-${index + 1}`,
    createdAt: iso(createdMs),
    updatedAt: iso(createdMs + r.int(11, 80) * DAY),
    category: genre === 'Stand-up' ? 'comedy' : type === 'concert' ? 'music' : type,
    restrictions: { ageLimit: r.pick(['0', '12', '16', '18']) },
    description: `${name} at ${venue}, ${city}. ${artist} live on stage. Doors open one hour before the show.`,
  };
}

function makeTour(r, index, events) {
  const size = Math.min(events.length, r.int(2, 5));
  const chosen = new Set();
  while (chosen.size < size) chosen.add(r.int(0, events.length - 1));
  const tourEvents = [...chosen].sort((a, b) => a - b).map((i) => events[i]);
  const artist = r.pick(ARTISTS);
  const name = `${artist} ${r.pick(SEASONS)} Tour ${2025 + (index % 3)}`;
  const published = tourEvents.length === 0 || tourEvents.some((e) => e.status === 'published');
  return {
    id: r.hex(16) + (0x80000000 + index).toString(16).padStart(8, '0'),
    name,
    events: tourEvents,
    description: `${artist} on the road: ${tourEvents.length} ${tourEvents.length === 1 ? 'city' : 'cities'}.`,
    status: published ? 'published' : 'pastdue',
    slug: `${slugify(name)}-${index + 1}`,
  };
}

// ------------------------------------------------------------------ private derivations

/** Scale factor for a from/to range: deterministic, < 1, so ranged numbers visibly differ. */
function rangeFactor(range) {
  if (!range || (!range.from && !range.to)) return 1;
  return 0.3 + 0.6 * (hash32(`${range.from ?? ''}|${range.to ?? ''}`) / 4294967296);
}

// ------------------------------------------------------------------ dataset

/**
 * Build the dataset. Options: events (default 40), tours (default 6), seed (default 1).
 * Returns the public arrays plus lookup and report functions used by the server.
 */
export function makeDataset({ events: eventCount = 40, tours: tourCount = 6, seed = 1 } = {}) {
  const r = rng(hash32(`events:${seed}`));
  const events = [];
  for (let i = 0; i < eventCount; i++) events.push(makeEvent(r, i));
  const tr = rng(hash32(`tours:${seed}`));
  const tours = [];
  for (let i = 0; i < tourCount; i++) tours.push(makeTour(tr, i, events));

  const index = (list) => ({
    byId: new Map(list.map((x) => [x.id, x])),
    bySlug: new Map(list.map((x) => [x.slug, x])),
  });
  const eventIndex = index(events);
  const tourIndex = index(tours);
  const find = (idx, { id, slug, idOrSlug }) =>
    id !== undefined ? idx.byId.get(id)
      : slug !== undefined ? idx.bySlug.get(slug)
        : idx.byId.get(idOrSlug) ?? idx.bySlug.get(idOrSlug);

  const byStatus = (list) => ({
    all: list,
    published: list.filter((x) => x.status === 'published'),
    pastdue: list.filter((x) => x.status === 'pastdue'),
  });
  const eventsByStatus = byStatus(events);
  const toursByStatus = byStatus(tours);

  // Per-event JSON strings, computed once: list responses are joins of these.
  const eventJsonCache = new Map();
  const eventJson = (e) => {
    let s = eventJsonCache.get(e);
    if (s === undefined) eventJsonCache.set(e, (s = JSON.stringify(e)));
    return s;
  };

  // Base (un-ranged) sales figures per ticket pool of an event, cached.
  const poolStatsCache = new Map();
  function poolStats(e) {
    let stats = poolStatsCache.get(e);
    if (stats) return stats;
    const pr = rng(hash32(`sales:${seed}:${e.id}`));
    const sellThrough = e.status === 'pastdue' ? 0.75 : 0.15;
    stats = [];
    for (const t of e.tickets.tickets) {
      for (const [p, pool] of t.ticketPools.entries()) {
        const capacity = pr.int(5, 60) * 10;
        const sold = Math.round(capacity * (sellThrough + pr.next() * 0.25));
        stats.push({
          ticketName: t.name,
          poolName: POOL_NAMES[p] ?? `Pool ${p + 1}`,
          price: Number(pool.price),
          capacity,
          sold,
          reserved: e.status === 'pastdue' ? 0 : pr.int(0, Math.floor((capacity - sold) / 4)),
          returned: pr.int(0, Math.ceil(sold / 20)),
          invitations: pr.int(0, 10),
        });
      }
    }
    poolStatsCache.set(e, stats);
    return stats;
  }
  const scaled = (e, range) => {
    const f = rangeFactor(range);
    return poolStats(e).map((s) => f === 1 ? s : {
      ...s,
      sold: Math.round(s.sold * f),
      reserved: Math.round(s.reserved * f),
      returned: Math.round(s.returned * f),
      invitations: Math.round(s.invitations * f),
    });
  };

  const TIXY_FEE = 0.05; // 5 % of gross, matches salesTerms()
  const vatRateOf = (e) => (e.category === 'music' || e.category === 'theatre' ? '8' : '23');

  /** Shared income/commission/returns block from a flat list of pool stats. */
  function salesSummary(stats, vatRate) {
    const vat = Number(vatRate) / 100;
    const gross = stats.reduce((a, s) => a + s.price * s.sold, 0);
    const grossReturns = stats.reduce((a, s) => a + s.price * s.returned, 0);
    const sold = stats.reduce((a, s) => a + s.sold, 0);
    const returned = stats.reduce((a, s) => a + s.returned, 0);
    const nett = gross / (1 + vat);
    return {
      income: { nettIncome: round2(nett), grossIncome: round2(gross), vatAmount: round2(gross - nett) },
      commission: { amount: round2(gross * TIXY_FEE), percentage: TIXY_FEE * 100 },
      returns: {
        nettReturns: round2(grossReturns / (1 + vat)),
        grossReturns: round2(grossReturns),
        returnedTicketsCount: returned,
        returnedTicketsPercentage: pct(returned, sold),
      },
      vatRate,
    };
  }

  function eventSalesReport(e, range) {
    const stats = scaled(e, range);
    return {
      id: e.id,
      name: e.name,
      slug: e.slug,
      ...salesSummary(stats, vatRateOf(e)),
      ticketSales: stats.map((s) => {
        const grossSales = round2(s.price * s.sold);
        const tixyFee = round2(grossSales * TIXY_FEE);
        return {
          poolName: s.poolName,
          combinedName: `${s.ticketName} – ${s.poolName}`,
          ticketName: s.ticketName,
          ticketPrice: s.price,
          ticketSoldAmount: s.sold,
          grossSales,
          tixyFee,
          withdraw: round2(grossSales - tixyFee),
        };
      }),
    };
  }

  function tourSalesReport(t, range) {
    const stats = t.events.flatMap((e) => scaled(e, range));
    return { id: t.id, name: t.name, slug: t.slug, ...salesSummary(stats, '23') };
  }

  function ticketStatistics(stats) {
    const sum = (k) => stats.reduce((a, s) => a + s[k], 0);
    const capacity = sum('capacity');
    const sold = sum('sold');
    const reserved = sum('reserved');
    const invitations = sum('invitations');
    const unsold = Math.max(0, capacity - sold - reserved - invitations);
    const cp = (count) => ({ count, percentage: pct(count, capacity) });
    return {
      available: cp(capacity),
      sold: cp(sold),
      reserved: cp(reserved),
      unsold: cp(unsold),
      returned: cp(sum('returned')),
      invitations: cp(invitations),
    };
  }
  const eventStatistics = (e, range) =>
    ({ id: e.id, name: e.name, ticket_statistics: ticketStatistics(scaled(e, range)) });
  const tourStatistics = (t, range) =>
    ({ id: t.id, name: t.name, ticket_statistics: ticketStatistics(t.events.flatMap((e) => scaled(e, range))) });

  // Consent: a few fake buyers per event (names may carry Polish letters: exercises UTF-8).
  const consentCache = new Map();
  function eventConsentClients(e) {
    let clients = consentCache.get(e);
    if (clients) return clients;
    const cr = rng(hash32(`consent:${seed}:${e.id}`));
    clients = [];
    const n = cr.int(0, 6);
    for (let i = 0; i < n; i++) {
      const name = cr.pick(FIRST_NAMES);
      const lastName = cr.pick(LAST_NAMES);
      clients.push({ name, lastName, email: `${slugify(name)}.${slugify(lastName)}${cr.int(1, 999)}@example.com` });
    }
    consentCache.set(e, clients);
    return clients;
  }
  const eventConsent = (e) => ({ id: e.id, name: e.name, slug: e.slug, clientsGrantedConsent: eventConsentClients(e) });

  function tourConsent(t) {
    const granted = t.events.reduce((a, e) => a + eventConsentClients(e).length, 0);
    const cr = rng(hash32(`tour-consent:${seed}:${t.id}`));
    const revoked = cr.int(0, 3);
    const total = granted + revoked + cr.int(5, 40);
    return {
      total_users: total,
      consent_granted: { count: granted, percentage: pct(granted, total) },
      consent_revoked: { count: revoked, percentage: pct(revoked, total) },
    };
  }
  const tourConsentListItem = (t) => ({ id: t.id, name: t.name, slug: t.slug, ...tourConsent(t) });

  /** Split `total` across labels with a per-entity PRNG; percentages sum to ~100. */
  function breakdown(entity, purpose, labels, key) {
    const br = rng(hash32(`${purpose}:${seed}:${entity.id}`));
    const total = 'events' in entity
      ? entity.events.reduce((a, e) => a + poolStats(e).reduce((b, s) => b + s.sold, 0), 0)
      : poolStats(entity).reduce((b, s) => b + s.sold, 0);
    const weights = labels.map((_, i) => (labels.length - i) ** 2 * (0.5 + br.next()));
    const wsum = weights.reduce((a, w) => a + w, 0);
    let left = total;
    return labels.map((label, i) => {
      const count = i === labels.length - 1 ? left : Math.round((total * weights[i]) / wsum);
      left -= count;
      return { [key]: label, count, percentage: pct(count, total) };
    });
  }
  const devices = (x) => ({ id: x.id, devices: breakdown(x, 'devices', DEVICE_TYPES, 'type') });
  const geography = (x) => ({ id: x.id, countries: breakdown(x, 'geo', COUNTRIES.slice(0, 5), 'country') });

  const salesTerms = () => ({
    currency: 'PLN',
    serviceFeePercentage: TIXY_FEE * 100,
    paymentFeePercentage: 1.5,
    vatRates: ['8', '23'],
    paymentTerms: 'Payout 7 days after the event, by bank transfer.',
  });

  return {
    events,
    tours,
    eventsByStatus: (status) => eventsByStatus[status],
    toursByStatus: (status) => toursByStatus[status],
    findEvent: (q) => find(eventIndex, q),
    findTour: (q) => find(tourIndex, q),
    eventJson,
    eventSalesReport,
    tourSalesReport,
    eventStatistics,
    tourStatistics,
    eventConsent,
    tourConsent,
    tourConsentListItem,
    devices,
    geography,
    salesTerms,
  };
}
