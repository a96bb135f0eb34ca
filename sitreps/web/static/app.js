// The page: reads the filters, asks the API for the matching incidents (every page, up to MAX), and hands them
// to the map, the timeline and the panel. The date range (the brush, or the Since/Until fields) is applied to
// the loaded incidents here, by the API's rule (an incident matches when its dates meet the range), so the
// timeline keeps showing the whole span around the chosen dates.
"use strict";
window.Sitreps = window.Sitreps || {};

(function (S) {
  const MAX = 20000;
  const form = document.getElementById("filters");
  const status = document.getElementById("status");

  function say(text, error) {
    status.textContent = text;
    status.className = error ? "error" : "";
  }

  async function fetchJson(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (!response.ok) {
      const valid = body.valid && body.valid.length ? ` (valid: ${body.valid.slice(0, 20).join(", ")})` : "";
      throw new Error(`${body.field ? body.field + ": " : ""}${body.error || "HTTP " + response.status}${valid}`);
    }
    return body;
  }

  // The API's query parameters from the form; since/until stay here (see above).
  function query() {
    const params = new URLSearchParams();
    for (const name of ["type", "country", "actor", "disputed", "min_confidence", "q", "view"]) {
      const value = (form.elements[name].value || "").trim();
      if (value) params.set(name, value);
    }
    return params;
  }

  function dateRange() {
    const since = form.elements.since.value;
    const until = form.elements.until.value;
    return since || until ? [since || "0000-01-01", until || "9999-12-31"] : null;
  }

  function meets(incident, range) {
    if (!range) return true;
    if (!incident.date) return false;
    return incident.date.start <= range[1] && incident.date.end >= range[0];
  }

  let loaded = [];
  let first = true;  // the first load opens the incident named in the address
  let generation = 0;
  // After a correction: the incidents again (the corrected view), and the incident shown again where it stays.
  async function reopen(id) {
    await load(false);
    const incident = loaded.find((i) => i.id === id);
    if (incident) pick(incident);
    else panel.clear(`Incident ${id} is not in the corrected view any more (every claim rejected, or merged).`);
  }
  const review = new S.Review(reopen);
  const panel = new S.Panel(document.getElementById("panel"), fetchJson, review);
  function pick(incident) {
    history.replaceState(null, "", `#incident=${encodeURIComponent(incident.id)}`);
    panel.show(incident).catch((e) => say(`Could not show the incident: ${e.message}`, true));
  }
  const map = new S.IncidentMap(document.getElementById("map"), pick);
  const timeline = new S.Timeline(document.getElementById("histogram"), (range) => {
    form.elements.since.value = range ? range[0] : "";
    form.elements.until.value = range ? range[1] : "";
    render();
  });

  function render() {
    const range = dateRange();
    const shown = loaded.filter((i) => meets(i, range));
    map.show(shown);
    timeline.set(range);
    const placed = shown.filter((i) => i.location && i.location.lat != null).length;
    say(`${shown.length} incident${shown.length === 1 ? "" : "s"}` +
      (shown.length > placed ? ` (${shown.length - placed} without a place)` : "") +
      (loaded.length >= MAX ? `; the first ${MAX} loaded, narrow the filters` : ""));
  }

  async function load(fit = true) {
    const mine = ++generation;
    say("loading…");
    const params = query();
    params.set("limit", "1000");
    const out = [];
    let cursor = null;
    try {
      do {
        if (cursor) params.set("cursor", cursor);
        const page = await fetchJson(`/incidents?${params}`);
        if (mine !== generation) return;
        out.push(...page.items);
        cursor = page.next;
      } while (cursor && out.length < MAX);
    } catch (e) {
      if (mine === generation) say(e.message, true);
      return;
    }
    loaded = out;
    timeline.draw(loaded);
    render();
    if (fit) map.fit();
    if (first) opened();
    first = false;
  }

  // The incident named in the address (#incident=ID, set when one is picked), shown once the incidents load.
  function opened() {
    const id = decodeURIComponent((location.hash.match(/incident=([^&]+)/) || [])[1] || "");
    const incident = id && loaded.find((i) => i.id === id);
    if (!incident) return;
    if (incident.location && incident.location.lat != null) map.focus(incident);
    pick(incident);
  }

  async function types() {
    try {
      const stats = await fetchJson("/stats?by=type");
      const select = form.elements.type;
      for (const [type, n] of Object.entries(stats.by_type || {})) {
        const option = document.createElement("option");
        option.value = type;
        option.textContent = `${type} (${n} events)`;
        select.appendChild(option);
      }
    } catch (e) {
      say(e.message, true);
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  form.addEventListener("reset", () => {
    history.replaceState(null, "", location.pathname);
    setTimeout(() => { panel.clear(); load(); }, 0);
  });
  form.elements.since.addEventListener("change", render);
  form.elements.until.addEventListener("change", render);

  fetch("/ui/vendor/countries-110m.json").then((r) => r.json()).then((topology) => map.outlines(topology))
    .catch((e) => say(`No country outlines: ${e.message}`, true));
  Promise.all([review.init(), types()]).then(() => load());
})(window.Sitreps);
