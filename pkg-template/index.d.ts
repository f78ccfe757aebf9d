// Types of "tixy-connect": the public API, the same in every runtime. Each
// response interface has the name and the fields of its Rust model
// (src/model/), which tests/dts_parity.rs holds field for field.
// Response types carry the API's own field names; fields the API adds later
// come through untouched (hence the index signatures). Results are the JSON
// as TIXY sent it: only the top-level shape is checked (an array or an
// object), so every field is optional, `id` included, as in TIXY's spec, and
// a list may arrive as `null` (optional chaining, `?.`, reads both).

/** Every failure is a TixyError with one of these kinds. */
export type TixyErrorKind =
  | "invalid_input"
  | "invalid_token"
  | "access_denied"
  | "not_found"
  | "bad_request"
  | "rate_limited"
  | "server"
  | "network"
  | "timeout"
  | "aborted"
  | "decode"
  | "browser_runtime";

export declare class TixyError extends Error {
  readonly name: "TixyError";
  readonly kind: TixyErrorKind;
  /** The HTTP status, when a response was received; 401 for `invalid_token` from a token provider that failed. */
  readonly status: number | undefined;
  /** How long the server asked to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;
  toJSON(): { name: "TixyError"; kind: TixyErrorKind; message: string; status: number | undefined; retryAfterMs: number | undefined };
}

export type Status = "all" | "published" | "pastdue";
export type RouteStyle = "query" | "path";
/** Name one event or tour by id or by slug, never both. */
export type Target = { id: string; slug?: never } | { slug: string; id?: never };

export interface ClientOptionsBase {
  /** Per attempt, in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** Retries after the first attempt (0–10). Default 2; 0 disables. */
  maxRetries?: number;
  /** "query" (API reference form, default) or "path" (quickstart form). */
  routeStyle?: RouteStyle;
  /**
   * A fetch to call instead of globalThis.fetch, as `fetch(url, init)`: `url`
   * a string, `init` with `headers` (a Headers), `signal` and
   * `redirect: "manual"` (the client follows same-origin redirects itself).
   */
  fetch?: typeof fetch;
  /**
   * Concurrent calls with the same method, arguments and timeout share one
   * request; each caller gets its own copy of the result and keeps its own
   * signal (the request is aborted once every caller has given up). Default true.
   */
  dedupe?: boolean;
  /** Before each attempt. A hook that throws or rejects never breaks the call. */
  onRequest?: (info: TixyRequestInfo) => void;
  /** After each attempt that got an HTTP response, whatever its status. */
  onResponse?: (info: TixyResponseInfo) => void;
  /** When a failed attempt is retried (after `delayMs`), and when a 401 is repeated with a provider's new token. */
  onRetry?: (info: TixyRetryInfo) => void;
}

/**
 * A token, or a function that gives one (a secret store, a KV binding, a
 * rotated Worker secret): called at the first call (never by the
 * constructor), once for all calls waiting on it, and once more after a
 * 401, then the request is repeated once. A provider that throws, rejects
 * or gives no valid token fails the call with kind "invalid_token".
 */
export type TokenProvider = () => string | Promise<string>;

/** What every hook receives. The URL never holds a token (that travels in a header; one a server put into a same-origin redirect's URL is `<redacted>` here). */
export interface TixyRequestInfo {
  /** The method called: "events", "salesEvent", … */
  endpoint: string;
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
}
export interface TixyResponseInfo extends TixyRequestInfo {
  status: number;
  durationMs: number;
}
export interface TixyRetryInfo extends TixyRequestInfo {
  /** The failed attempt's HTTP status; absent for network errors and timeouts. */
  status?: number;
  kind: TixyErrorKind;
  /** How long the client waits before the next attempt. */
  delayMs: number;
}

export interface TixyClientOptions extends ClientOptionsBase {
  /** The organizer's public token, or a provider of it. A private token has no place here. */
  publicToken: string | TokenProvider;
  /** Default "https://public-api.tixyapp.com". https unless the host is loopback. */
  baseUrl?: string;
  /** Not here: the type is the explanation TypeScript prints when one is passed. */
  privateToken?: PrivateTokenInTixyClient;
}

/** What TypeScript says to `new TixyClient({ privateToken })`. */
export type PrivateTokenInTixyClient =
  "A private token belongs in TixyPrivateClient from tixy-connect/server (server or edge code), never in TixyClient";

export interface RequestOptions {
  /** Cancels the call (kind "aborted"; never retried). */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number;
}

export interface ListOptions {
  /** Default "all". */
  status?: Status;
}

export interface SalesDates {
  start?: string;
  end?: string;
  hasStartDate?: boolean;
  hasEndDate?: boolean;
  [field: string]: unknown;
}

/**
 * TIXY documents a decimal string ("149.00"); a number is passed through as
 * sent. `String(value)` gives the text either way.
 */
export type DecimalString = string | number;

export interface TicketPool {
  id?: string;
  /** A decimal string, as the API documents it. */
  price?: DecimalString;
  salesActive?: boolean;
  salesDates?: SalesDates;
  [field: string]: unknown;
}

export interface Ticket {
  id?: string;
  name?: string;
  description?: string;
  ticketPools?: TicketPool[] | null;
  isSinglePoolTicket?: boolean;
  shouldDisplayTicketName?: boolean;
  [field: string]: unknown;
}

export interface PublicEvent {
  /** Documented, but not marked required: fall back on `slug` (see the README). */
  id?: string;
  slug?: string;
  name?: string;
  description?: string;
  status?: string;
  visibility?: string;
  category?: string;
  types?: string[] | null;
  allowResale?: boolean;
  artistsDetails?: string;
  publishTime?: string;
  createdAt?: string;
  updatedAt?: string;
  social?: Social;
  tickets?: EventTickets;
  dates?: EventDates;
  restrictions?: Restrictions;
  [field: string]: unknown;
}

/** `social` of an event. */
export interface Social {
  links?: string[] | null;
  [field: string]: unknown;
}

/** `tickets` of an event. */
export interface EventTickets {
  /** Spelled "Resseling" by the API. */
  isTicketResselingEnabled?: boolean;
  tickets?: Ticket[] | null;
  [field: string]: unknown;
}

/** `dates` of an event (the API documents no `start`). */
export interface EventDates {
  end?: string;
  scanning?: ScanningWindow;
  openings?: Opening[] | null;
  [field: string]: unknown;
}

/** When tickets are scanned at the door. */
export interface ScanningWindow {
  start?: string;
  end?: string;
  [field: string]: unknown;
}

/** A door opening. */
export interface Opening {
  id?: string;
  date?: string;
  [field: string]: unknown;
}

/** `restrictions` of an event. */
export interface Restrictions {
  ageLimit?: DecimalString;
  [field: string]: unknown;
}

export interface PublicTour {
  /** Documented, but not marked required: fall back on `slug` (see the README). */
  id?: string;
  slug?: string;
  name?: string;
  description?: string;
  status?: string;
  events?: PublicEvent[] | null;
  [field: string]: unknown;
}

/** The public client: published and past-due events and tours. */
export declare class TixyClient {
  constructor(options: TixyClientOptions);
  /** Events by status (omitted: "all"). */
  events(args?: ListOptions, opts?: RequestOptions): Promise<PublicEvent[]>;
  /** One event by id or slug. */
  event(target: Target, opts?: RequestOptions): Promise<PublicEvent>;
  /** Tours by status (omitted: "all"). */
  tours(args?: ListOptions, opts?: RequestOptions): Promise<PublicTour[]>;
  /** One tour by id or slug. */
  tour(target: Target, opts?: RequestOptions): Promise<PublicTour>;
  /** Rotates the public token for later requests. */
  setToken(publicToken: string): void;
  /** Releases the client's wasm memory now instead of at garbage collection. */
  free(): void;
}
