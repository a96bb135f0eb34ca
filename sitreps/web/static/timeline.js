// The timeline: a histogram of incidents per day, week or month (by the span shown) with a brush.
// Drag across it to choose a date range; double-click to clear it. No text from the data is written as HTML.
"use strict";
window.Sitreps = window.Sitreps || {};

(function (S) {
  const SVG = "http://www.w3.org/2000/svg";
  const DAY = 86400000;

  function el(name, attrs) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  function dayOf(text) { return Date.parse(text + "T00:00:00Z"); }
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }

  // The start of the bin holding day ms.
  function binStart(ms, unit) {
    const d = new Date(ms);
    if (unit === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    if (unit === "week") return ms - ((d.getUTCDay() + 6) % 7) * DAY;
    return ms;
  }
  function nextBin(ms, unit) {
    const d = new Date(ms);
    if (unit === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return ms + (unit === "week" ? 7 : 1) * DAY;
  }

  class Timeline {
    constructor(svg, onRange) {
      this.svg = svg;
      this.onRange = onRange;
      this.range = null;  // [since, until] as YYYY-MM-DD, or null
      this.scale = null;
      svg.addEventListener("pointerdown", (e) => this.down(e));
      svg.addEventListener("pointermove", (e) => this.move(e));
      svg.addEventListener("pointerup", (e) => this.up(e));
      svg.addEventListener("dblclick", () => { this.range = null; this.onRange(null); });
      window.addEventListener("resize", () => this.draw(this.incidents || []));
    }

    draw(incidents) {
      this.incidents = incidents;
      const svg = this.svg;
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      const days = incidents.filter((i) => i.date && i.date.start).map((i) => dayOf(i.date.start));
      const width = svg.clientWidth || 800;
      const height = svg.clientHeight || 120;
      if (!days.length) {
        const t = el("text", { x: 10, y: 20 });
        t.textContent = "No dated incidents.";
        svg.appendChild(t);
        this.scale = null;
        return;
      }
      let lo = Math.min(...days);
      let hi = Math.max(...days);
      const span = (hi - lo) / DAY;
      const unit = span > 730 ? "month" : span > 120 ? "week" : "day";
      lo = binStart(lo, unit);
      hi = nextBin(binStart(hi, unit), unit);
      const counts = new Map();
      for (const d of days) {
        const b = binStart(d, unit);
        counts.set(b, (counts.get(b) || 0) + 1);
      }
      const top = Math.max(...counts.values());
      const left = 30, right = 10, bottom = 18, upper = 8;
      const x = (ms) => left + ((ms - lo) / (hi - lo)) * (width - left - right);
      this.scale = { lo, hi, left, right, width, unit, x };
      const inRange = (b) => !this.range || (iso(nextBin(b, unit) - DAY) >= this.range[0] && iso(b) <= this.range[1]);
      for (let b = lo; b < hi; b = nextBin(b, unit)) {
        const n = counts.get(b) || 0;
        if (!n) continue;
        const h = (n / top) * (height - bottom - upper);
        const bar = el("rect", { x: x(b), y: height - bottom - h, width: Math.max(1, x(nextBin(b, unit)) - x(b) - 1),
          height: h, class: inRange(b) ? "bar" : "bar out" });
        const tip = el("title");
        tip.textContent = `${iso(b)} (${unit}): ${n} incident${n === 1 ? "" : "s"}`;
        bar.appendChild(tip);
        svg.appendChild(bar);
      }
      const first = el("text", { x: left, y: height - 4 });
      first.textContent = iso(lo);
      const last = el("text", { x: width - right, y: height - 4, "text-anchor": "end" });
      last.textContent = iso(hi - DAY);
      const most = el("text", { x: 2, y: upper + 8 });
      most.textContent = String(top);
      svg.append(first, last, most);
      if (this.range) {
        const a = Math.max(left, x(dayOf(this.range[0])));
        const b = Math.min(width - right, x(dayOf(this.range[1]) + DAY));
        if (b > a) svg.insertBefore(el("rect", { x: a, y: 0, width: b - a, height: height - bottom, class: "brush" }),
          svg.firstChild);
      }
    }

    at(event) {
      const s = this.scale;
      const box = this.svg.getBoundingClientRect();
      const px = Math.min(Math.max(event.clientX - box.left, s.left), s.width - s.right);
      return s.lo + ((px - s.left) / (s.width - s.left - s.right)) * (s.hi - s.lo);
    }

    down(event) {
      if (!this.scale) return;
      this.start = this.at(event);
      this.svg.setPointerCapture(event.pointerId);
    }

    move(event) {
      if (this.start === undefined) return;
      const a = Math.min(this.start, this.at(event));
      const b = Math.max(this.start, this.at(event));
      this.range = [iso(binStart(a, "day")), iso(binStart(b, "day"))];
      this.draw(this.incidents);
    }

    up(event) {
      if (this.start === undefined) return;
      const moved = Math.abs(this.at(event) - this.start) > DAY / 2;
      this.start = undefined;
      if (moved) this.onRange(this.range);
    }

    set(range) {
      this.range = range;
      this.draw(this.incidents || []);
    }
  }

  S.Timeline = Timeline;
  S.dayOf = dayOf;
})(window.Sitreps);
