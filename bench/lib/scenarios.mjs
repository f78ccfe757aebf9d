// The work each benchmark scenario does, shared by the Node child
// (bench/node/scenarios.mjs) and the bench Worker (bench/workerd/worker.mjs),
// so both runtimes run exactly the same loops. Runtime-neutral: no Node APIs.
//
// Every function checks the result it gets (length of the list, id of the
// event), the same way for both clients, so a broken client cannot look fast.

/** One `events()` call (status all): the 20,000-event list as JS objects. */
export async function list(client, expectedLength) {
  const items = await client.events();
  if (!Array.isArray(items) || items.length !== expectedLength || typeof items[items.length - 1]?.id !== "string") {
    throw new Error(`events(): expected ${expectedLength} items, got ${Array.isArray(items) ? items.length : typeof items}`);
  }
  return items.length;
}

/**
 * `n` sequential `event({ id })` calls cycling through `ids`.
 * `now` is the clock (performance.now in Node); `latencies` (optional
 * Float64Array of length n) receives each call's own duration.
 */
export async function sequential(client, ids, n, now, latencies) {
  for (let i = 0; i < n; i++) {
    const id = ids[i % ids.length];
    const t = latencies ? now() : 0;
    const ev = await client.event({ id });
    if (latencies) latencies[i] = now() - t;
    if (ev?.id !== id) throw new Error(`event(${id}) returned ${ev?.id}`);
  }
  return n;
}

/** `n` `event({ id })` calls with `concurrency` of them in flight at all times. */
export async function concurrent(client, ids, n, concurrency) {
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const id = ids[i % ids.length];
      const ev = await client.event({ id });
      if (ev?.id !== id) throw new Error(`event(${id}) returned ${ev?.id}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return n;
}

/**
 * "A page where `components` components ask for the same events list",
 * `pages` pages one after another: each page's calls are made at once and
 * all awaited. A client that shares in-flight calls (tixy's `dedupe`) sends
 * one request per page; a plain-fetch client sends `components`.
 */
export async function page(client, components, pages, expectedLength) {
  for (let p = 0; p < pages; p++) {
    const lists = await Promise.all(Array.from({ length: components }, () => client.events()));
    for (const items of lists) {
      if (!Array.isArray(items) || items.length !== expectedLength) throw new Error(`page: expected ${expectedLength} events, got ${Array.isArray(items) ? items.length : typeof items}`);
    }
  }
  return pages;
}

/** Ordering of the two clients in round `r`: AB, BA, AB, … (cancels order effects and drift). */
export function order(r) {
  return r % 2 === 0 ? ["tixy", "baseline"] : ["baseline", "tixy"];
}
