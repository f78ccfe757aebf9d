import Events from "./events.js";

export default function Page() {
  return (
    <main>
      <h1>Events</h1>
      <Events />
    </main>
  );
}
