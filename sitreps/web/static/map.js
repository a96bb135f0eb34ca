// The map: country outlines from world-atlas (no tiles), incidents as circles sized by killed (best), a dashed
// ring out to the high figure, coloured by event type; incidents closer than CELL pixels are drawn as one
// cluster that zooms in when clicked. Tooltips are DOM nodes built with textContent.
"use strict";
window.Sitreps = window.Sitreps || {};

(function (S) {
  const CELL = 28;  // pixels: incidents closer than this at the current zoom are clustered
  const FAN = 8;  // up to this many incidents at one place are fanned out around it rather than clustered
  const COLOURS = {
    ASSAULT: "#c0392b", FIGHT: "#8e44ad", COERCE: "#d35400", PROTEST: "#2e86c1", THREATEN: "#b7950b",
    MOBILIZE: "#16a085", SANCTION: "#7f8c8d", REQUEST: "#27ae60", ACCUSE: "#a04000", AID: "#1abc9c",
    RETREAT: "#5d6d7e", REJECT: "#6c3483", COOPERATE: "#229954", CONSULT: "#2874a6", AGREE: "#239b56",
    SUPPORT: "#117a65",
  };

  function colour(type) { return COLOURS[type] || "#34495e"; }
  function killed(incident) {
    const k = (incident.quantities || {}).killed;
    return k ? { low: k.low, best: k.best, high: k.high, disputed: !!k.disputed } : null;
  }
  function radius(n) { return 5 + 3 * Math.log2(1 + Math.max(0, n || 0)); }  // 0: 5 px, 10: 15, 300: 30

  function line(text, cls) {
    const div = document.createElement("div");
    div.textContent = text;
    if (cls) div.className = cls;
    return div;
  }

  function tooltip(incident) {
    const box = document.createElement("div");
    const place = incident.location ? incident.location.name || "" : "";
    const when = incident.date ? incident.date.start + (incident.date.end !== incident.date.start ? " to " + incident.date.end : "") : "undated";
    box.appendChild(line(`${incident.event_type} ${place}`.trim(), "cluster-label"));
    box.appendChild(line(when));
    const k = killed(incident);
    if (k) box.appendChild(line(`killed ${k.best ?? "?"} (range ${k.low ?? "?"} to ${k.high ?? "?"})${k.disputed ? ", disputed" : ""}`, k.disputed ? "disputed" : ""));
    box.appendChild(line(`${(incident.claims || []).length} claim(s), ${(incident.sources || []).length} source(s)`));
    return box;
  }

  class IncidentMap {
    constructor(node, onPick) {
      this.onPick = onPick;
      this.map = L.map(node, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([20, 20], 2);
      this.map.createPane("outlines").style.zIndex = "350";  // under the incidents (overlayPane: 400)
      this.layer = L.layerGroup().addTo(this.map);
      this.incidents = [];
      this.map.on("zoomend", () => this.draw());
      this.legend();
    }

    outlines(topology) {
      const countries = topojson.feature(topology, topology.objects.countries);
      // Antarctica (ISO 010) spans every longitude; rings that cross the antimeridian (Russia, Fiji) are moved
      // east of it, so no line is drawn across the whole map.
      countries.features = countries.features.filter((f) => f.id !== "010");
      for (const feature of countries.features) {
        const g = feature.geometry;
        const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
        for (const ring of polygons.flat()) {
          if (ring.some((p) => p[0] > 150) && ring.some((p) => p[0] < -150)) {
            for (const p of ring) if (p[0] < 0) p[0] += 360;
          }
        }
      }
      L.geoJSON(countries, { pane: "outlines", style: () => ({ className: "country" }), interactive: false })
        .addTo(this.map);
    }

    legend() {
      const control = L.control({ position: "bottomleft" });
      control.onAdd = () => {
        this.legendBox = L.DomUtil.create("div", "legend");
        return this.legendBox;
      };
      control.addTo(this.map);
    }

    show(incidents) {
      this.incidents = incidents.filter((i) => i.location && i.location.lat != null && i.location.lon != null);
      this.draw();
      const types = [...new Set(this.incidents.map((i) => i.event_type))].sort();
      const box = this.legendBox;
      while (box.firstChild) box.removeChild(box.firstChild);
      for (const t of types) {
        const row = document.createElement("div");
        const dot = document.createElement("span");
        dot.style.background = colour(t);
        row.append(dot, document.createTextNode(t));
        box.appendChild(row);
      }
      this.map.getContainer().dataset.shown = String(this.incidents.length);
    }

    fit() {
      if (!this.incidents.length) return;
      const bounds = L.latLngBounds(this.incidents.map((i) => [i.location.lat, i.location.lon]));
      this.map.fitBounds(bounds.pad(0.3), { maxZoom: 6, animate: false });
    }

    focus(incident) {
      this.map.setView([incident.location.lat, incident.location.lon], Math.max(this.map.getZoom(), 7),
        { animate: false });
    }

    draw() {
      this.layer.clearLayers();
      const zoom = this.map.getZoom();
      const cells = new Map();
      for (const incident of this.incidents) {
        const p = this.map.project([incident.location.lat, incident.location.lon], zoom);
        const key = `${Math.floor(p.x / CELL)}:${Math.floor(p.y / CELL)}`;
        if (!cells.has(key)) cells.set(key, []);
        cells.get(key).push(incident);
      }
      let markers = 0, clusters = 0;
      for (const group of cells.values()) {
        if (group.length === 1 || zoom >= this.map.getMaxZoom()) {
          for (const incident of group) { this.marker(incident); markers += 1; }
        } else if (group.length <= FAN && this.onePlace(group, zoom)) {
          this.fan(group, zoom);
          markers += group.length;
        } else {
          this.cluster(group);
          clusters += 1;
        }
      }
      const node = this.map.getContainer();
      node.dataset.markers = String(markers);
      node.dataset.clusters = String(clusters);
    }

    // Whether the group's incidents are all at one point (no zoom would part them).
    onePlace(group, zoom) {
      const first = group[0].location;
      return group.every((i) => Math.abs(i.location.lat - first.lat) < 1e-6 && Math.abs(i.location.lon - first.lon) < 1e-6);
    }

    // Incidents at one place, each drawn on a small circle of its own around it, so each can be clicked.
    fan(group, zoom) {
      const centre = this.map.project([group[0].location.lat, group[0].location.lon], zoom);
      group.forEach((incident, n) => {
        const angle = (2 * Math.PI * n) / group.length;
        const at = this.map.unproject(centre.add(L.point(14 * Math.cos(angle), 14 * Math.sin(angle))), zoom);
        this.marker(incident, [at.lat, at.lng]);
      });
    }

    marker(incident, shifted) {
      const at = shifted || [incident.location.lat, incident.location.lon];
      const k = killed(incident);
      const best = k ? k.best || 0 : 0;
      if (k && k.high != null && k.high > best) {
        L.circleMarker(at, { radius: radius(k.high), color: colour(incident.event_type), weight: 1.5,
          dashArray: "3 3", fill: false, interactive: false, className: "range-ring" }).addTo(this.layer);
      }
      const dot = L.circleMarker(at, { radius: radius(best), color: k && k.disputed ? "#000" : "#fff",
        weight: k && k.disputed ? 2 : 1, fillColor: colour(incident.event_type), fillOpacity: 0.75,
        className: "incident" });
      dot.bindTooltip(tooltip(incident));
      dot.on("click", () => this.onPick(incident));
      dot.on("add", () => { const path = dot.getElement(); if (path) path.dataset.id = incident.id; });
      dot.addTo(this.layer);
    }

    cluster(group) {
      const lat = group.reduce((s, i) => s + i.location.lat, 0) / group.length;
      const lon = group.reduce((s, i) => s + i.location.lon, 0) / group.length;
      const dead = group.reduce((s, i) => s + ((killed(i) || {}).best || 0), 0);
      const circle = L.circleMarker([lat, lon], { radius: 9 + 3 * Math.sqrt(group.length), color: "#1d2b3a",
        weight: 2, fillColor: "#f3f5f7", fillOpacity: 0.9, className: "cluster" });
      const box = document.createElement("div");
      box.appendChild(line(`${group.length} incidents`, "cluster-label"));
      box.appendChild(line(`${dead} killed (best figures)`));
      box.appendChild(line("click to zoom in"));
      circle.bindTooltip(box);
      circle.on("click", () => {
        const bounds = L.latLngBounds(group.map((i) => [i.location.lat, i.location.lon]));
        const zoom = Math.min(this.map.getBoundsZoom(bounds.pad(0.5)), this.map.getZoom() + 3);
        this.map.setView(bounds.getCenter(), Math.max(zoom, this.map.getZoom() + 1));
      });
      circle.addTo(this.layer);
      const count = document.createElement("span");
      count.textContent = String(group.length);
      L.marker([lat, lon], { interactive: false, keyboard: false,
        icon: L.divIcon({ html: count, className: "cluster-count", iconSize: [24, 16] }) }).addTo(this.layer);
    }
  }

  S.IncidentMap = IncidentMap;
  S.colour = colour;
})(window.Sitreps);
