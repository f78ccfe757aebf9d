// Types of "tixy-connect/server": the public API plus the private client,
// for Node, Deno, Bun and Cloudflare Workers only.

import type { ClientOptionsBase, DecimalString, ListOptions, RequestOptions, Status, Target, TokenProvider } from "./index.js";

export * from "./index.js";

export interface TixyPrivateClientOptions extends ClientOptionsBase {
  /** The organizer's private token, or a provider of it (see TokenProvider). Keep it server-side. */
  privateToken: string | TokenProvider;
  /** Default "https://private-api.tixyapp.com". https unless the host is loopback. */
  baseUrl?: string;
  /** Not here: the type is the explanation TypeScript prints when one is passed. */
  publicToken?: PublicTokenInTixyPrivateClient;
}

/** What TypeScript says to `new TixyPrivateClient({ publicToken })`. */
export type PublicTokenInTixyPrivateClient =
  "A public token belongs in TixyClient from tixy-connect; TixyPrivateClient takes the private token (privateToken)";

/** Calendar date "YYYY-MM-DD". */
export type IsoDate = string;

export interface DateRange {
  /** Default: the earliest available date. */
  from?: IsoDate;
  /** Default: today. */
  to?: IsoDate;
}

export interface DatedListOptions extends DateRange {
  status?: Status;
}

export interface CountPercentage {
  count?: number;
  percentage?: number;
  [field: string]: unknown;
}

export interface Income {
  nettIncome?: number;
  grossIncome?: number;
  vatAmount?: number;
  [field: string]: unknown;
}

export interface Commission {
  amount?: number;
  percentage?: number;
  [field: string]: unknown;
}

export interface Returns {
  nettReturns?: number;
  grossReturns?: number;
  returnedTicketsCount?: number;
  returnedTicketsPercentage?: number;
  [field: string]: unknown;
}

/** Earlier names of `Income`, `Commission` and `Returns`. */
export type SalesIncome = Income;
export type SalesCommission = Commission;
export type SalesReturns = Returns;

export interface TicketSale {
  poolName?: string;
  combinedName?: string;
  ticketName?: string;
  ticketPrice?: number;
  ticketSoldAmount?: number;
  grossSales?: number;
  tixyFee?: number;
  withdraw?: number;
  [field: string]: unknown;
}

export interface TourSalesReport {
  id?: string;
  name?: string;
  slug?: string;
  income?: Income;
  commission?: Commission;
  returns?: Returns;
  /** A decimal string, as the API documents it. */
  vatRate?: DecimalString;
  [field: string]: unknown;
}

export interface EventSalesReport extends TourSalesReport {
  ticketSales?: TicketSale[] | null;
}

export interface TicketStatisticsReport {
  id?: string;
  name?: string;
  /** snake_case on the wire. */
  ticket_statistics?: TicketStatistics;
  [field: string]: unknown;
}

/** Ticket counts by state. */
export interface TicketStatistics {
  available?: CountPercentage;
  sold?: CountPercentage;
  reserved?: CountPercentage;
  unsold?: CountPercentage;
  returned?: CountPercentage;
  invitations?: CountPercentage;
  [field: string]: unknown;
}

export interface ConsentClient {
  name?: string;
  lastName?: string;
  email?: string;
  [field: string]: unknown;
}

export interface EventConsentClients {
  id?: string;
  name?: string;
  slug?: string;
  clientsGrantedConsent?: ConsentClient[] | null;
  [field: string]: unknown;
}

/** The figures the `consentTour` reference page documents. */
export interface TourConsentSummary {
  total_users?: number;
  consent_granted?: CountPercentage;
  consent_revoked?: CountPercentage;
  [field: string]: unknown;
}

/**
 * What `consentTour` returns: TIXY documents two shapes, the reference page's
 * figures or a client list like an event's. Tell them apart by their fields:
 * `Array.isArray(c.clientsGrantedConsent)` or `typeof c.total_users === "number"`.
 */
export type TourConsent = TourConsentSummary | EventConsentClients;

/**
 * The private client: sales, statistics and marketing consent.
 * Throws TixyError kind "browser_runtime" when constructed in a browser.
 */
export declare class TixyPrivateClient {
  constructor(options: TixyPrivateClientOptions);
  salesEvents(args?: DatedListOptions, opts?: RequestOptions): Promise<EventSalesReport[]>;
  salesEvent(target: Target, range?: DateRange, opts?: RequestOptions): Promise<EventSalesReport>;
  salesTours(args?: DatedListOptions, opts?: RequestOptions): Promise<TourSalesReport[]>;
  salesTour(target: Target, range?: DateRange, opts?: RequestOptions): Promise<TourSalesReport>;
  /** Shape undocumented by TIXY. */
  salesTerms(opts?: RequestOptions): Promise<unknown>;
  statisticsEvents(args?: DatedListOptions, opts?: RequestOptions): Promise<TicketStatisticsReport[]>;
  statisticsEvent(target: Target, range?: DateRange, opts?: RequestOptions): Promise<TicketStatisticsReport>;
  statisticsTours(args?: DatedListOptions, opts?: RequestOptions): Promise<TicketStatisticsReport[]>;
  statisticsTour(target: Target, range?: DateRange, opts?: RequestOptions): Promise<TicketStatisticsReport>;
  /** Shape undocumented by TIXY. */
  devices(args: { id: string }, opts?: RequestOptions): Promise<unknown>;
  /** Shape undocumented by TIXY. */
  geography(args: { id: string }, opts?: RequestOptions): Promise<unknown>;
  consentEvents(args?: ListOptions, opts?: RequestOptions): Promise<EventConsentClients[]>;
  consentEvent(target: Target, opts?: RequestOptions): Promise<EventConsentClients>;
  /** Shape undocumented by TIXY. */
  consentTours(args?: ListOptions, opts?: RequestOptions): Promise<unknown>;
  consentTour(target: Target, opts?: RequestOptions): Promise<TourConsent>;
  /** Rotates the private token for later requests. */
  setToken(privateToken: string): void;
  /** Releases the client's wasm memory now instead of at garbage collection. */
  free(): void;
}
