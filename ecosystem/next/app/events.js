"use client";
// A client component that imports TixyClient at top level: Next prerenders it
// on the server (the package's Node entry, inside Next's server bundle), then
// hydrates it in the browser (the browser entry), where it fetches.
import { useEffect, useState } from "react";
import { TixyClient, TixyError } from "tixy-connect";

export default function Events() {
  const [events, setEvents] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const tixy = new TixyClient({
      publicToken: process.env.NEXT_PUBLIC_TIXY_PUBLIC_TOKEN ?? "",
      baseUrl: process.env.NEXT_PUBLIC_TIXY_PUBLIC_URL,
    });
    tixy
      .events({ status: "published" })
      .then(setEvents)
      .catch((err) => setError(err instanceof TixyError ? `${err.kind}: ${err.message}` : String(err)));
  }, []);
  if (error) return <p id="error">{error}</p>;
  if (!events) return <p id="loading">{`loading (${TixyClient.name})`}</p>;
  return (
    <ul id="events">
      {events.map((e, i) => (
        <li key={e.id ?? e.slug ?? i}>{e.name}</li>
      ))}
    </ul>
  );
}
