// The incident panel: the incident's figures (disputed ones marked), then every claim side by side (claimant,
// stance, figures, outlet, date, reliability), each with its sentence from the article and the evidence words in
// a <mark>. Articles found stitched or spun carry a badge with the reason. News text is untrusted: every text
// goes in through textContent. Where the server takes corrections, review.js adds its buttons and forms.
"use strict";
window.Sitreps = window.Sitreps || {};

(function (S) {
  function make(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function figures(quantities, disputed) {
    const parts = [];
    for (const [kind, q] of Object.entries(quantities || {})) {
      const v = Array.isArray(q) ? { low: q[0], best: q[1], high: q[2] } : q || {};
      const range = v.low != null && v.high != null && v.low !== v.high ? ` (${v.low} to ${v.high})` : "";
      parts.push({ text: `${kind} ${v.best ?? "?"}${range}`, disputed: !!(disputed && disputed[kind]) });
    }
    return parts;
  }

  function figureNode(parts) {
    const dd = make("dd");
    if (!parts.length) dd.textContent = "none given";
    parts.forEach((p, n) => {
      if (n) dd.appendChild(document.createTextNode("; "));
      dd.appendChild(make("span", p.text + (p.disputed ? " (disputed)" : ""), p.disputed ? "disputed" : ""));
    });
    return dd;
  }

  // The sentence around [start, end) in text: back to the end of the previous sentence, on to the next stop.
  function sentence(text, start, end) {
    let a = start;
    while (a > 0 && !/[.!?\n]/.test(text[a - 1])) a -= 1;
    let b = end;
    while (b < text.length && !/[.!?\n]/.test(text[b - 1] || "")) b += 1;
    return [a, Math.max(b, end)];
  }

  function quote(text, evidence) {
    const box = make("blockquote");
    if (!evidence) {
      box.textContent = "(no evidence)";
      return box;
    }
    let start = evidence.start ?? -1;
    let end = evidence.end ?? -1;
    if (!text || start < 0 || (evidence.text && text.slice(start, end) !== evidence.text)) {
      start = text && evidence.text ? text.indexOf(evidence.text) : -1;
      end = start >= 0 ? start + evidence.text.length : -1;
    }
    if (start < 0) {
      box.appendChild(make("mark", evidence.text || "(no evidence text)"));
      return box;
    }
    const [a, b] = sentence(text, start, end);
    box.append(document.createTextNode(text.slice(a, start).trimStart()), make("mark", text.slice(start, end)),
      document.createTextNode(text.slice(end, b)));
    return box;
  }

  function badges(article) {
    const out = [];
    const prov = article && article.provenance;
    if (!prov) return out;
    if (prov.stitched && prov.stitched.score >= 0.5) {
      const why = (prov.stitched.reasons || []).join("; ") || `score ${prov.stitched.score}`;
      out.push(make("span", `stitched: ${why}`, "badge stitched"));
    }
    if (prov.spun && prov.spun.score >= 0.5) {
      const subs = (prov.spun.substitutions || []).map((s) => `${s.text} for ${s.canonical}`);
      out.push(make("span", `spun: ${subs.join("; ") || "score " + prov.spun.score}`, "badge spun"));
    }
    if (prov.duplicate_of) out.push(make("span", `copy of article ${prov.duplicate_of}`, "badge copy"));
    return out;
  }

  function row(dl, term, value) {
    dl.appendChild(make("dt", term));
    dl.appendChild(value instanceof Node ? value : make("dd", value ?? "unknown"));
  }

  class Panel {
    constructor(node, fetchJson, review) {
      this.node = node;
      this.fetchJson = fetchJson;
      this.review = review || null;
      this.articles = new Map();
    }

    article(id) {
      if (!this.articles.has(id)) {
        this.articles.set(id, this.fetchJson(`/articles/${encodeURIComponent(id)}`).catch(() => null));
      }
      return this.articles.get(id);
    }

    clear(text) {
      while (this.node.firstChild) this.node.removeChild(this.node.firstChild);
      this.node.appendChild(make("p", text || "Click an incident on the map to read who said what.", "hint"));
      delete this.node.dataset.incident;
    }

    async show(incident) {
      const node = this.node;
      while (node.firstChild) node.removeChild(node.firstChild);
      const head = make("div", null, "incident-head");
      const place = incident.location ? [incident.location.name, incident.location.admin1, incident.location.country]
        .filter(Boolean).join(", ") : "no place";
      head.appendChild(make("h2", `${incident.event_type}${incident.mode ? " (" + incident.mode + ")" : ""}: ${place}`));
      const d = incident.date;
      head.appendChild(make("p", d ? `${d.start}${d.end !== d.start ? " to " + d.end : ""} (${d.precision})` : "undated"));
      const actors = (side) => (incident[side] || []).map((a) => a.name || a.code).join(", ") || "unknown";
      head.appendChild(make("p", `${actors("source")} against ${actors("target")}`));
      const disputed = {};
      for (const [kind, q] of Object.entries(incident.quantities || {})) disputed[kind] = !!q.disputed;
      const dl = make("dl");
      row(dl, "figures", figureNode(figures(incident.quantities, disputed)));
      head.appendChild(dl);
      const claims = incident.claims || [];
      const more = incident.aggregate_claims || [];
      head.appendChild(make("p", `${claims.length} claim(s) from ${(incident.sources || []).length} source(s)` +
        (more.length ? `, and ${more.length} aggregate claim(s)` : "")));
      if (this.review) this.review.head(incident, head);
      node.appendChild(head);
      const strip = make("div", null, "claims");
      node.appendChild(strip);
      const cards = [...claims, ...more].map((claim, n) => this.card(incident, claim, disputed, n >= claims.length));
      cards.forEach((c) => strip.appendChild(c.node));
      await Promise.all(cards.map((c) => c.ready));
      node.dataset.incident = incident.id;
    }

    card(incident, claim, disputed, aggregate) {
      const box = make("article", null, "claim");
      box.dataset.article = claim.article_id;
      const dl = make("dl");
      const who = claim.claimant ? claim.claimant.name || claim.claimant.code : "the outlet itself";
      row(dl, "claimant", who);
      row(dl, "stance", make("dd", `${claim.stance}${claim.modality && claim.modality !== "asserted" ? ", " + claim.modality : ""}`,
        claim.stance === "denied" ? "stance-denied" : ""));
      row(dl, "figures", figureNode(figures(claim.quantities, disputed)));
      row(dl, "outlet", claim.outlet);
      const date = make("dd", "…");
      row(dl, "published", date);
      row(dl, "reliability", claim.reliability == null ? "not scored" : String(claim.reliability));
      row(dl, "confidence", claim.confidence == null ? "unknown" : String(claim.confidence));
      if (aggregate) box.appendChild(make("p", "aggregate telling", "hint"));
      box.appendChild(dl);
      const where = make("div");
      box.appendChild(where);
      const ready = this.article(claim.article_id).then((article) => {
        date.textContent = article ? article.published || "unknown" : "unknown";
        if (article) {
          where.appendChild(make("p", article.title || article.url || claim.article_id, "hint"));
          badges(article).forEach((b) => where.appendChild(b));
        }
        where.appendChild(quote(article ? article.text : "", claim.evidence));
      });
      if (this.review) this.review.claim(incident, claim, box, aggregate);
      return { node: box, ready };
    }
  }

  S.Panel = Panel;
  S.make = make;
})(window.Sitreps);
