// The benchmark's reference point: a plain-fetch TIXY public-API client,
// written the way a competent user would write one by hand in an afternoon.
// It is NOT part of the package; bench/run.mjs compiles it with esbuild
// (ESM, es2022) into the temporary bench project on every run.
//
// What it does (same surface as tixy-connect's TixyClient):
//   - events({ status }) / event({ id } | { slug }) / tours({ status }) / tour({ id } | { slug })
//   - the reference ("query") URL form: /events?status=all, /event?eventId=…
//   - `Authorization: Bearer <public token>` and `Accept: application/json`
//   - an optional per-request timeout (AbortSignal.timeout, default 30 s like
//     tixy-connect) combined with the caller's `signal` (AbortSignal.any when
//     both are present)
//   - `res.ok` check; a non-2xx becomes a BaselineError carrying the status
//     and the API's `{ "error": "…" }` text when the body has one
//   - `res.json()`, cast to the result type, returned as-is
//
// What it does NOT do (tixy-connect does all of these; that work is part of
// what the benchmark measures):
//   - no retries, no backoff, no Retry-After handling
//   - no shape check of the body (a list is not verified to be an array, an
//     item to be an object), no content-type check
//   - no argument validation (an empty id is sent as-is)
//   - default redirect handling (fetch follows redirects; no same-origin rule)
//   - no token redaction in error messages, no error kinds beyond `status`

export type Status = "all" | "published" | "pastdue";

export interface PublicEvent {
  id: string;
  slug?: string;
  name?: string;
  [key: string]: unknown;
}

export interface PublicTour {
  id: string;
  slug?: string;
  name?: string;
  [key: string]: unknown;
}

export interface BaselineOptions {
  publicToken: string;
  baseUrl?: string;
  /** Per request; 0 or a negative value disables the timeout. Default 30000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export class BaselineError extends Error {
  override name = "BaselineError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

type Target = { id: string; slug?: undefined } | { slug: string; id?: undefined };

export class BaselineClient {
  readonly #token: string;
  readonly #base: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: BaselineOptions) {
    if (!options?.publicToken) throw new BaselineError("publicToken is required");
    this.#token = options.publicToken;
    this.#base = (options.baseUrl ?? "https://public-api.tixyapp.com").replace(/\/+$/, "");
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    // Bound, so that a runtime's fetch is not called with a foreign `this`.
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  events(args: { status?: Status } = {}, opts?: CallOptions): Promise<PublicEvent[]> {
    return this.#get("/events", { status: args.status ?? "all" }, opts);
  }

  event(target: Target, opts?: CallOptions): Promise<PublicEvent> {
    return this.#get("/event", target.id !== undefined ? { eventId: target.id } : { eventSlug: target.slug! }, opts);
  }

  tours(args: { status?: Status } = {}, opts?: CallOptions): Promise<PublicTour[]> {
    return this.#get("/tours", { status: args.status ?? "all" }, opts);
  }

  tour(target: Target, opts?: CallOptions): Promise<PublicTour> {
    return this.#get("/tour", target.id !== undefined ? { tourId: target.id } : { tourSlug: target.slug! }, opts);
  }

  async #get<T>(path: string, query: Record<string, string>, opts?: CallOptions): Promise<T> {
    const url = `${this.#base}${path}?${new URLSearchParams(query)}`;
    const signals: AbortSignal[] = [];
    if (opts?.signal) signals.push(opts.signal);
    if (this.#timeoutMs > 0) signals.push(AbortSignal.timeout(this.#timeoutMs));
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];

    let res: Response;
    try {
      res = await this.#fetch(url, {
        headers: { authorization: `Bearer ${this.#token}`, accept: "application/json" },
        signal,
      });
    } catch (err) {
      throw new BaselineError(`request to ${path} failed: ${(err as Error)?.message ?? err}`);
    }
    if (!res.ok) {
      let detail = res.statusText;
      try {
        const body = (await res.json()) as { error?: unknown };
        if (typeof body?.error === "string") detail = body.error;
      } catch {
        // not JSON: keep the status text
      }
      throw new BaselineError(`${path}: HTTP ${res.status} ${detail}`, res.status);
    }
    return (await res.json()) as T;
  }
}
