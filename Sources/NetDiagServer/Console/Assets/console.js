// The netdiag console: plain DOM code, no libraries. One page; the URL picks the view:
// "/" the path list, "/paths/ID" a path's diagnoses, "/tasks/ID" a task's details.
"use strict";

const POLL_MS = 1000;
let pollTimer = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function showMessage(text, kind) {
  const box = document.getElementById("message");
  box.textContent = text || "";
  box.className = "message" + (kind ? " " + kind : "");
  box.hidden = !text;
}

// Every API call: JSON in and out; an error reply's message is shown as the API wrote it.
async function api(method, path, body) {
  const headers = { "Accept": "application/json" };
  const token = sessionStorage.getItem("netdiag-token");
  if (token) headers["Authorization"] = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    const entered = window.prompt("This server requires an API token:");
    if (entered) { sessionStorage.setItem("netdiag-token", entered.trim()); return api(method, path, body); }
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error(data && data.error ? data.error.message : ("HTTP " + response.status));
    error.code = data && data.error ? data.error.code : String(response.status);
    throw error;
  }
  return data;
}

function badge(text, kind) { return el("span", { class: "badge " + (kind || text) }, text); }
function outcome(task) {
  if (!task) return badge("not diagnosed", "none");
  return task.status === "running" ? badge("Running", "running") : badge(task.result || task.status, task.result || task.status);
}
function portText(p) { return p.port < 0 ? p.protocol : p.protocol + "/" + p.port; }
function when(iso) { return iso ? new Date(iso).toLocaleString() : "-"; }

function poll(refresh) {
  clearInterval(pollTimer);
  pollTimer = null;
  pollTimer = setInterval(() => refresh().catch((e) => showMessage(e.message)), POLL_MS);
}

// ---- the path list -------------------------------------------------------------------
function pathForm(initial, onSubmit, submitLabel) {
  const field = (name, label, value, extra) => el("label", {}, label, el("input", Object.assign({ name, value: value ?? "" }, extra || {})));
  const protocol = el("select", { name: "protocol" }, ...["tcp", "udp", "icmp", "gre"].map((p) =>
    el("option", { value: p, selected: (initial.protocol || "tcp") === p }, p.toUpperCase())));
  const form = el("form", { class: "path-form", id: "path-form" },
    field("name", "Name", initial.name, { required: true }),
    field("source", "Source (i-…, eni-… or public IP)", initial.source, { required: true }),
    field("destination", "Destination", initial.destination, { required: true }),
    el("label", {}, "Protocol", protocol),
    field("port", "Port (1–65535 or ssh, https, …)", initial.port >= 0 ? initial.port : ""),
    el("div", { class: "buttons" },
      el("button", { type: "submit", class: "primary" }, submitLabel),
      el("button", { type: "button", onclick: () => form.remove() }, "Cancel")));
  const togglePort = () => { form.port.disabled = ["icmp", "gre"].includes(protocol.value); };
  protocol.addEventListener("change", togglePort); togglePort();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { name: form.name.value.trim(), source: form.source.value.trim(), destination: form.destination.value.trim(), protocol: protocol.value };
    if (!form.port.disabled && form.port.value.trim() !== "") {
      const text = form.port.value.trim();
      body.port = /^-?\d+$/.test(text) ? Number(text) : text;
    }
    try {
      const created = await onSubmit(body);
      form.remove();
      showMessage("Created path " + created.path.name + (created.task ? "; its diagnostic task is running." : "."), "info");
      await renderPathTable();
    } catch (e) { showMessage(e.message); }
  });
  return form;
}

async function renderPathTable() {
  const [paths, inventory] = await Promise.all([api("GET", "/api/paths"), api("GET", "/api/inventory")]);
  document.getElementById("inventory").textContent = inventory.path ? "Inventory: " + inventory.path : "No inventory selected";
  const rows = paths.map((p) => el("tr", { "data-path": p.id },
    el("td", {}, el("a", { href: "/paths/" + p.id }, p.name)),
    el("td", {}, p.source + " → " + p.destination),
    el("td", {}, portText(p)),
    el("td", {}, p.vpcId),
    el("td", { class: "latest" }, outcome(p.latestTask)),
    el("td", {}, el("div", { class: "actions" },
      el("button", { class: "diagnose", onclick: () => diagnose(p.id, renderPathTable) }, "Diagnose"),
      el("button", { class: "clone", onclick: () => openForm(p, (body) => api("POST", "/api/paths/" + p.id + "/clone", body), "Clone") }, "Clone"),
      p.latestTask ? el("a", { class: "button", href: "/tasks/" + p.latestTask.id }, "Details") : null,
      el("button", { class: "danger delete", onclick: () => removePath(p) }, "Delete")))));
  const table = el("table", { id: "paths" },
    el("thead", {}, el("tr", {}, ...["Name", "Source → destination", "Protocol", "VPC", "Latest result", ""].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: 6 }, "No paths yet: create one."))));
  document.getElementById("path-table").replaceChildren(table);
}

function openForm(initial, submit, label) {
  document.getElementById("path-form")?.remove();
  const copy = initial.name ? Object.assign({}, initial, { name: initial.name + "-copy" }) : initial;
  document.getElementById("form-slot").append(pathForm(copy, submit, label));
}

// `refresh` redraws the view the button is on (the path list or one path's diagnoses).
async function diagnose(id, refresh) {
  try { const task = await api("POST", "/api/paths/" + id + "/diagnose"); showMessage("Started task " + task.task.id + ".", "info"); await refresh(); }
  catch (e) { showMessage(e.message); }
}

async function removePath(p) {
  if (!window.confirm("Delete path " + p.name + " and its task records?")) return;
  try { await api("DELETE", "/api/paths/" + p.id); showMessage("Deleted path " + p.name + ".", "info"); await renderPathTable(); }
  catch (e) { showMessage(e.message); }
}

// `netdiag task keep N`: the per-path record limit, validated by the API.
async function keepForm() {
  const input = el("input", { name: "keep", id: "keep", type: "text", inputmode: "numeric", size: 5, value: (await api("GET", "/api/keep")).keep });
  const form = el("form", { class: "keep-form", id: "keep-form" }, "Each path keeps at most ", input, " task records ",
    el("button", { type: "submit" }, "Save"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    try {
      const saved = await api("PUT", "/api/keep", { keep: /^-?\d+$/.test(text) ? Number(text) : text });
      input.value = saved.keep;
      showMessage("Each path now keeps at most " + saved.keep + " task records; older ones go when the path's next task starts.", "info");
    } catch (e) { showMessage(e.message); }
  });
  return form;
}

async function listView(view) {
  view.replaceChildren(
    el("h1", {}, "Paths"),
    el("div", { class: "actions" }, el("button", { class: "primary", id: "create", onclick: () =>
      openForm({ protocol: "tcp", port: 22 }, (body) => api("POST", "/api/paths", body), "Create") }, "Create path")),
    el("div", { id: "form-slot" }), el("div", { id: "path-table" }), await keepForm());
  await renderPathTable();
  poll(renderPathTable);
}

// ---- one path's diagnoses --------------------------------------------------------------
async function pathView(view, id) {
  const refresh = async () => {
    const path = await api("GET", "/api/paths/" + id);
    const rows = path.tasks.map((t) => el("tr", { "data-task": t.id },
      el("td", {}, el("a", { href: "/tasks/" + t.id }, t.id)), el("td", {}, outcome(t)),
      el("td", {}, when(t.startedAt)), el("td", {}, when(t.finishedAt)), el("td", {}, t.reason || "")));
    view.replaceChildren(
      el("h1", {}, "Path " + path.name),
      el("p", { class: "meta" }, path.source + " → " + path.destination + ", " + portText(path) + " in " + path.vpcId + ", " + (path.regionId || "no region")),
      el("div", { class: "actions" }, el("a", { class: "button", href: "/" }, "All paths"), el("button", { class: "primary", id: "diagnose", onclick: () => diagnose(id, refresh) }, "Diagnose")),
      el("h2", {}, "Diagnoses"),
      el("table", { id: "tasks" }, el("thead", {}, el("tr", {}, ...["Task", "Result", "Started", "Finished", "Reason"].map((h) => el("th", {}, h)))),
        el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: 5 }, "No diagnoses yet.")))));
  };
  await refresh();
  poll(refresh);
}

// ---- a task's details --------------------------------------------------------------------
// Evidence as name/value rows: nested values stay compact JSON.
function evidenceNode(evidence) {
  const names = Object.keys(evidence || {}).sort();
  if (!names.length) return null;
  return el("table", { class: "evidence" }, el("tbody", {}, ...names.map((name) => {
    const value = evidence[name];
    return el("tr", {}, el("th", {}, name), el("td", {}, value === "" ? "(empty)" : typeof value === "object" ? JSON.stringify(value) : String(value)));
  })));
}

function itemNode(item, n) {
  const back = item.side === "return";
  return el("div", { class: "item" + (item.status === "fail" && item.severity === "critical" ? " blocking" : ""), id: "item-" + n,
                     "data-rule": item.rule, "data-status": item.status, "data-direction": back ? "return" : "forward" },
    el("div", { class: "item-head" }, badge(item.status), el("strong", {}, item.title),
      back ? el("span", { class: "direction" }, "← return path (replies)") : null),
    el("div", { class: "reason" }, item.rule + " · " + item.reason + " · " + item.severity),
    el("div", { class: "message-text" }, item.message),
    evidenceNode(item.evidence),
    item.suggestion ? el("div", { class: "suggestion" }, "Suggested fix: " + item.suggestion) : null);
}

// Where the path breaks, first: each critical failure with its hop and direction, linked to it.
function blockersNode(task) {
  const hopOf = {};
  for (const hop of task.hops || []) for (const n of hop.items) hopOf[n] = hop;
  const failing = (task.items || []).map((item, n) => ({ item, n })).filter(({ item }) => item.status === "fail" && item.severity === "critical");
  if (!failing.length) return null;
  return el("div", { class: "blockers", id: "blockers" }, el("h2", {}, "Where the path breaks"),
    el("ul", {}, ...failing.map(({ item, n }) => el("li", { "data-hop": hopOf[n]?.id },
      el("a", { href: "#item-" + n }, (hopOf[n]?.label || "?") + (item.side === "return" ? " (return path)" : "")),
      ": " + item.message + " ", el("span", { class: "reason" }, item.rule + " · " + item.reason)))));
}

async function taskView(view, id) {
  let shown = null;
  const refresh = async () => {
    const task = await api("GET", "/api/tasks/" + id);
    const state = task.task.status + (task.result || "");
    if (state === shown) return;
    shown = state;
    const svg = await fetch("/api/tasks/" + id + "/diagram.svg", { headers: authHeaders() }).then((r) => r.text());
    const diagram = el("div", { class: "diagram", id: "diagram" });
    diagram.innerHTML = svg; // the server's own SVG: escaped text, no script
    const sections = (task.hops || []).filter((h) => h.items.length).map((hop) => el("section", {
      class: "hop-section" + (hop.status === "fail" ? " blocked" : ""), "data-hop": hop.id, "data-status": hop.status },
      el("h3", {}, hop.label, badge(hop.status === "fail" ? "blocked" : hop.status, hop.status)),
      ...hop.items.map((n) => itemNode(task.items[n], n))));
    view.replaceChildren(...[
      el("h1", {}, "Task " + id),
      el("p", { class: "meta" }, "Path ", el("a", { href: "/paths/" + task.task.pathId }, task.task.pathId),
        task.path ? " · " + task.path.source + " → " + task.path.destination + " " + portText(task.path) : "",
        " · started " + when(task.task.startedAt), task.task.finishedAt ? " · finished " + when(task.task.finishedAt) : ""),
      el("p", { id: "result" }, "Result: ", outcome(Object.assign({}, task.task, { result: task.result || task.task.result }))),
      task.error ? el("p", { class: "message" }, "Analysis error: " + task.error) : null,
      blockersNode(task),
      diagram,
      task.task.status === "running" ? el("p", {}, "The task is running; this page updates by itself.") : el("div", { class: "actions" },
        el("button", { id: "download-text", onclick: () => download(id, "text") }, "Download text report"),
        el("button", { id: "download-json", onclick: () => download(id, "json") }, "Download JSON report")),
      ...sections].filter(Boolean));
    if (task.task.status !== "running") clearInterval(pollTimer);
    else if (!pollTimer) poll(refresh);
  };
  await refresh();
}

// Through fetch, so the API token goes along; saved under the name the server gives.
async function download(id, format) {
  try {
    const response = await fetch("/api/tasks/" + id + "/report?format=" + format, { headers: authHeaders() });
    if (!response.ok) throw new Error((await response.json()).error.message);
    const link = el("a", { href: URL.createObjectURL(await response.blob()), download: id + (format === "text" ? ".txt" : ".json") });
    document.body.append(link); link.click(); link.remove();
  } catch (e) { showMessage(e.message); }
}

function authHeaders() {
  const token = sessionStorage.getItem("netdiag-token");
  return token ? { "Authorization": "Bearer " + token } : {};
}

async function start() {
  const view = document.getElementById("view");
  const parts = location.pathname.split("/").filter(Boolean);
  try {
    if (parts[0] === "paths" && parts[1]) await pathView(view, parts[1]);
    else if (parts[0] === "tasks" && parts[1]) await taskView(view, parts[1]);
    else await listView(view);
  } catch (e) { showMessage(e.message); }
}

start();
