// Analyst review in the incident panel: shown only when the server takes corrections (GET /review says writes).
// The analyst types the token and their name once; both are kept in this page's memory only (never stored).
// Per claim: confirm, reject, split out of the incident, and a small form to correct its type, figure, date,
// place or actor; per incident: merge another incident into it. Each is a POST /corrections; the page then
// reloads the incidents (the corrected view) and shows the incident again. Every text goes in as textContent.
"use strict";
window.Sitreps = window.Sitreps || {};

(function (S) {
  const make = S.make; // panel.js's: an element with its text (as textContent) and class

  function input(name, placeholder, type) {
    const node = document.createElement("input");
    node.name = name;
    node.placeholder = placeholder;
    node.type = type || "text";
    node.size = 14;
    node.autocomplete = "off";
    return node;
  }

  function button(text, cls, onClick) {
    const node = make("button", text, cls);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  // What the correction form's one text box means for each field.
  const HINTS = {
    figure: "killed 12, or injured 3-5",
    type: "PROTEST",
    date: "2021-06-02",
    place: "Gao, Mali",
    actor: "target: name",
  };

  function value(field, text) {
    const t = text.trim();
    if (field === "figure") {
      const m = t.match(/^(?:([a-z]+)\s+)?(\d+)(?:\s*-\s*(\d+))?$/i);
      if (!m) throw new Error("a figure is a number, a kind and a number (killed 12), or a range (3-5)");
      const low = Number(m[2]);
      const high = m[3] === undefined ? low : Number(m[3]);
      return { kind: (m[1] || "killed").toLowerCase(), low, best: low, high };
    }
    if (field === "place") {
      const [name, country] = t.split(",").map((s) => s.trim());
      return country ? { name, country } : { name };
    }
    if (field === "actor") {
      const m = t.match(/^(source|target)\s*:\s*(.*)$/i);
      return m ? { role: m[1].toLowerCase(), name: m[2] } : { role: "source", name: t };
    }
    if (field === "date") return { start: t };
    return t;
  }

  class Review {
    constructor(onChanged) {
      this.onChanged = onChanged;  // called with the incident id to show again after a correction
      this.writes = false;
      this.token = "";  // in memory only
      this.who = "";
      this.fields = [];
    }

    async init() {
      try {
        const response = await fetch("/review", { headers: { Accept: "application/json" } });
        const status = await response.json();
        this.writes = !!status.writes;
        this.fields = status.fields || [];
      } catch (e) {
        this.writes = false;
      }
    }

    async send(body, note) {
      if (!this.token || !this.who) {
        note.textContent = "Type the token and your name first.";
        note.className = "review-note error";
        return;
      }
      note.textContent = "saving…";
      note.className = "review-note";
      const response = await fetch("/corrections", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json",
          Authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ ...body, who: this.who }),
      });
      const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
      if (!response.ok) {
        note.textContent = `Not saved: ${answer.field ? answer.field + ": " : ""}${answer.error || response.status}`;
        note.className = "review-note error";
        return;
      }
      this.saved = `Saved correction ${answer.correction.id} (${body.action}).`;
      note.textContent = this.saved;
      await this.onChanged(body.target === "incident" ? body.id : this.current, answer.correction);
    }

    // The incident's review box: token and name, the merge form, and what analysts said of its claims.
    head(incident, node) {
      this.current = incident.id;
      const review = incident.review || {};
      const rejected = (review.rejected || []).length;
      if (rejected) node.appendChild(make("p", `${rejected} claim(s) rejected by an analyst`, "review-rejected"));
      if (review.merged && review.merged.length) {
        node.appendChild(make("p", `merged with incident(s) ${review.merged.join(", ")}`, "hint"));
      }
      if (review.split_from) node.appendChild(make("p", `split out of incident ${review.split_from}`, "hint"));
      const list = make("ul", null, "corrections");
      node.appendChild(list);
      this.corrections(incident, list);
      if (!this.writes) return;
      const box = make("form", null, "review");
      box.autocomplete = "off";
      box.addEventListener("submit", (event) => event.preventDefault());
      const token = input("token", "token", "password");
      token.value = this.token;
      token.addEventListener("input", () => { this.token = token.value.trim(); });
      const who = input("who", "your name");
      who.value = this.who;
      who.addEventListener("input", () => { this.who = who.value.trim(); });
      const other = input("merge", "incident id");
      const why = input("why", "why (optional)");
      const note = make("p", this.saved || null, "review-note");
      this.saved = "";
      note.setAttribute("role", "status");
      this.note = note;
      box.append(make("strong", "Review "), token, who, make("br"), make("span", "Merge with "), other, why,
        button("Merge", "merge", () => this.send({ target: "incident", id: incident.id, action: "merge",
          value: other.value.trim(), why: why.value.trim() || null }, note)), note);
      node.appendChild(box);
    }

    // The corrections of the incident and of its events, newest first; each can be retracted (writes on).
    async corrections(incident, list) {
      let found;
      try {
        const response = await fetch(`/corrections?incident=${encodeURIComponent(incident.id)}&limit=50`,
          { headers: { Accept: "application/json" } });
        found = response.ok ? (await response.json()).items : [];
      } catch (e) {
        found = [];
      }
      for (const c of found) {
        const what = c.field ? `${c.field} = ${JSON.stringify(c.value)}` : c.value ? String(c.value) : "";
        const item = make("li", `${c.made_at.slice(0, 16).replace("T", " ")} ${c.who}: ${c.action} ` +
          `${c.target} ${c.target_id.slice(0, 8)} ${what}${c.why ? " (" + c.why + ")" : ""}`,
          c.retracted ? "retracted" : "");
        item.dataset.correction = c.id;
        if (c.retracted) item.appendChild(make("span", " retracted", "hint"));
        else if (this.writes) {
          item.appendChild(button("Retract", "retract", () => this.send({ target: "correction", id: c.id,
            action: "retract" }, this.note || make("p"))));
        }
        list.appendChild(item);
      }
      list.dataset.loaded = String(found.length);
    }

    // A claim's status and, when writes are on, its buttons and correction form.
    claim(incident, claim, card, aggregate) {
      const status = ((incident.review || {}).events || {})[claim.event_id];
      if (status) card.prepend(make("span", `${status} by an analyst`, `badge review-${status}`));
      if (!this.writes) return;
      const note = () => this.note || make("p");
      const act = (action, extra) => this.send({ target: "event", id: claim.event_id, action, ...extra }, note());
      const bar = make("div", null, "review-actions");
      bar.append(button("Confirm", "confirm", () => act("confirm")), button("Reject", "reject", () => act("reject")));
      if (!aggregate && (incident.claims || []).length > 1) {
        bar.appendChild(button("Split out", "split", () => this.send({ target: "incident", id: incident.id,
          action: "split", value: claim.event_id }, note())));
      }
      const form = make("form", null, "correct");
      form.autocomplete = "off";
      const field = document.createElement("select");
      field.name = "field";
      for (const name of this.fields) {
        const option = make("option", name);
        option.value = name;
        field.appendChild(option);
      }
      const text = input("value", HINTS[this.fields[0]] || "");
      field.addEventListener("change", () => { text.placeholder = HINTS[field.value] || ""; });
      const why = input("why", "why (optional)");
      form.append(field, text, why, make("button", "Correct"));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        let corrected;
        try {
          corrected = value(field.value, text.value);
        } catch (e) {
          note().textContent = e.message;
          note().className = "review-note error";
          return;
        }
        act("correct", { field: field.value, value: corrected, why: why.value.trim() || null });
      });
      bar.appendChild(form);
      card.appendChild(bar);
    }
  }

  S.Review = Review;
})(window.Sitreps);
