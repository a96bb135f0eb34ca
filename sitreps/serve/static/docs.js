// The API's docs page: one form per GET endpoint, built from /openapi.json. Every text goes in via
// textContent, never as HTML.
"use strict";

function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function describe(path, op) {
  const section = el("section");
  section.appendChild(el("h2", "GET " + path));
  section.appendChild(el("p", op.summary ? op.summary + (op.description ? " — " + op.description : "") : (op.description || "")));
  const form = el("form");
  const inputs = [];
  for (const param of op.parameters || []) {
    const row = el("div");
    row.className = "param";
    const label = el("label", param.name + (param.required ? " *" : ""));
    const input = el("input");
    input.name = param.name;
    input.dataset.where = param.in;
    label.htmlFor = input.id = path + ":" + param.name;
    row.appendChild(label);
    row.appendChild(input);
    const help = el("span", param.description || "");
    help.className = "help";
    row.appendChild(help);
    form.appendChild(row);
    inputs.push(input);
  }
  const send = el("button", "Send");
  send.type = "submit";
  form.appendChild(send);
  const out = el("pre");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let url = path;
    const query = new URLSearchParams();
    for (const input of inputs) {
      if (!input.value) continue;
      if (input.dataset.where === "path") url = url.replace("{" + input.name + "}", encodeURIComponent(input.value));
      else query.append(input.name, input.value);
    }
    const full = url + (query.toString() ? "?" + query.toString() : "");
    out.textContent = "GET " + full + "\n…";
    const response = await fetch(full);
    const body = await response.text();
    let shown = body;
    try { shown = JSON.stringify(JSON.parse(body), null, 2); } catch (e) { /* not JSON: show as is */ }
    out.textContent = "GET " + full + "\n" + response.status + "\n\n" + shown.slice(0, 100000);
  });
  section.appendChild(form);
  section.appendChild(out);
  return section;
}

async function main() {
  const spec = await (await fetch("/openapi.json")).json();
  const root = document.getElementById("endpoints");
  document.title = spec.info.title + " " + spec.info.version;
  for (const [path, item] of Object.entries(spec.paths)) {
    if (item.get) root.appendChild(describe(path, item.get));
  }
}

main();
