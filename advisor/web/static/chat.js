// The chat page: talks to the JSON API, keeps the conversation id in the browser, and
// draws replies (text, tables, bar charts, suggestions, "why this answer?").
// Everything from users and from the pack is inserted as text, never as HTML.
"use strict";
(function () {
  const KEY = "advisor.conversation";
  const SVG = "http://www.w3.org/2000/svg";
  const log = document.getElementById("log");
  const form = document.getElementById("ask");
  const input = document.getElementById("question");
  let conversation = null;
  let busy = false;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function system(text) {
    log.appendChild(el("div", "turn system", text));
    scrollDown();
  }

  function showUser(text) {
    const turn = el("div", "turn user");
    turn.appendChild(el("div", "bubble", text));
    log.appendChild(turn);
    scrollDown();
  }

  // The reply's text as paragraphs and lists; a list the table shows is left out.
  function textBlocks(text, table) {
    const out = [];
    let list = null;
    const lines = text.split("\n");
    let skipped = false;
    for (const line of lines) {
      if (line.startsWith("- ")) {
        if (table) {
          if (!skipped) { out.push(drawTable(table)); skipped = true; }
          continue;
        }
        if (!list) { list = el("ul"); out.push(list); }
        list.appendChild(el("li", null, line.slice(2)));
      } else {
        list = null;
        if (line.trim()) out.push(el("p", null, line));
      }
    }
    if (table && !skipped) out.push(drawTable(table));
    return out;
  }

  function isFigure(cell) { return /^\$?[\d,.]+$/.test(cell); }

  function drawTable(table) {
    const wrap = el("div", "table-wrap");
    const t = el("table");
    const keep = table.columns.map((_, i) => table.rows.some((row) => row[i]));
    const head = el("tr");
    table.columns.forEach((name, i) => {
      if (!keep[i]) return;
      const th = el("th", table.rows.every((r) => !r[i] || isFigure(r[i])) ? "figure" : null, name);
      th.scope = "col";
      head.appendChild(th);
    });
    const thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    const body = el("tbody");
    for (const row of table.rows) {
      const tr = el("tr");
      row.forEach((cell, i) => { if (keep[i]) tr.appendChild(el("td", isFigure(cell) ? "figure" : null, cell)); });
      body.appendChild(tr);
    }
    t.appendChild(body);
    wrap.appendChild(t);
    return wrap;
  }

  function money(value, unit) {
    const n = Math.round(value).toLocaleString("en-US");
    return unit === "$" ? "$" + n : n + (unit ? " " + unit : "");
  }

  // A bar chart in inline SVG, drawn at the width the log has: each bar's label on a line
  // of its own above it (long school names are never cut), its value at its end.
  function drawChart(chart) {
    const figure = el("figure", "chart");
    figure.appendChild(el("figcaption", null, chart.title));
    const width = Math.max(240, Math.min(640, log.clientWidth - 64));
    const rowHeight = 40, valueRoom = 72;
    const height = chart.bars.length * rowHeight;
    const max = Math.max(...chart.bars.map((b) => b.value)) || 1;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", chart.title + ": " +
      chart.bars.map((b) => b.label + " " + money(b.value, chart.unit)).join(", "));
    chart.bars.forEach((bar, i) => {
      const y = i * rowHeight;
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", "0"); label.setAttribute("y", String(y + 13));
      label.textContent = bar.label;
      const w = Math.max(2, (width - valueRoom) * bar.value / max);
      const rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", "0"); rect.setAttribute("y", String(y + 18));
      rect.setAttribute("width", String(w)); rect.setAttribute("height", "14");
      rect.setAttribute("rx", "2"); rect.setAttribute("class", "bar");
      const value = document.createElementNS(SVG, "text");
      value.setAttribute("x", String(w + 6)); value.setAttribute("y", String(y + 30));
      value.setAttribute("class", "value");
      value.textContent = money(bar.value, chart.unit);
      svg.append(label, rect, value);
    });
    figure.appendChild(svg);
    return figure;
  }

  function why(reply) {
    const details = el("details", "why");
    details.appendChild(el("summary", null, "Why this answer?"));
    const confidence = Math.round((reply.confidence || 0) * 100) + "%";
    details.appendChild(el("p", null, "Intent: " + (reply.intent || "none (not understood)") +
      " · confidence " + confidence));
    if (reply.explanation && reply.explanation.decision) details.appendChild(el("p", null, reply.explanation.decision));
    return details;
  }

  function sources(reply) {
    const details = el("details", "sources");
    details.appendChild(el("summary", null, "Where this comes from"));
    for (const s of reply.sources) {
      if (s.figure) details.appendChild(el("p", null, s.figure + ":"));
      details.appendChild(el("blockquote", null, "“" + s.quote + "”"));
      if (s.section) details.appendChild(el("p", "note", "under “" + s.section + "”"));
      if (s.correction) details.appendChild(el("p", "note", s.correction));
    }
    return details;
  }

  function showReply(reply, live) {
    const turn = el("div", "turn bot");
    const bubble = el("div", "bubble");
    for (const block of textBlocks(reply.text, reply.table)) bubble.appendChild(block);
    if (reply.chart && reply.chart.bars.length > 1) bubble.appendChild(drawChart(reply.chart));
    for (const note of reply.notes || []) bubble.appendChild(el("p", "note", note));
    if (reply.explanation) bubble.appendChild(why(reply));
    if (reply.sources && reply.sources.length) bubble.appendChild(sources(reply));
    turn.appendChild(bubble);
    if (live && reply.suggestions && reply.suggestions.length) {
      const box = el("div", "suggestions");
      box.setAttribute("aria-label", "Suggested questions");
      for (const s of reply.suggestions) {
        const b = el("button", null, s);
        b.type = "button";
        b.addEventListener("click", () => { box.remove(); send(s); });
        box.appendChild(b);
      }
      turn.appendChild(box);
    }
    log.appendChild(turn);
    scrollDown();
  }

  async function call(method, path, body) {
    const options = { method, headers: {} };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    return { status: response.status, data };
  }

  function problem(result) {
    if (result.data && result.data.error) return result.data.error.message;
    return "Something went wrong (" + result.status + ").";
  }

  async function newConversation() {
    const result = await call("POST", "/api/conversations");
    if (result.status !== 201) throw new Error(problem(result));
    conversation = result.data.id;
    localStorage.setItem(KEY, conversation);
  }

  let greeting = null;  // the pack's title, greeting and first questions (/api/welcome)

  async function loadGreeting() {
    const result = await call("GET", "/api/welcome");
    if (result.status !== 200) return;
    greeting = result.data;
    document.title = greeting.title;
    document.getElementById("title").textContent = greeting.title;
  }

  async function welcome() {
    if (!greeting) await loadGreeting();
    if (greeting) showReply({ text: greeting.text, suggestions: greeting.suggestions, sources: [], notes: [] }, true);
  }

  async function restore() {
    const saved = localStorage.getItem(KEY);
    if (!saved) return false;
    const result = await call("GET", "/api/conversations/" + encodeURIComponent(saved));
    if (result.status !== 200) { localStorage.removeItem(KEY); return false; }
    conversation = saved;
    const turns = result.data.turns;
    turns.forEach((t, i) => { showUser(t.user); showReply(t.reply, i === turns.length - 1); });
    return turns.length > 0;
  }

  async function send(text) {
    text = text.trim();
    if (!text || busy) return;
    busy = true;
    showUser(text);
    input.value = "";
    try {
      if (!conversation) await newConversation();
      let result = await call("POST", "/api/conversations/" + encodeURIComponent(conversation) + "/messages", { text });
      if (result.status === 404) {  // expired or deleted: carry on in a new one
        await newConversation();
        result = await call("POST", "/api/conversations/" + encodeURIComponent(conversation) + "/messages", { text });
      }
      if (result.status === 200) showReply(result.data.reply, true);
      else system(problem(result));
    } catch (e) {
      system("I can't reach the advisor right now. Check your connection and try again.");
    } finally {
      busy = false;
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); send(input.value); });
  document.getElementById("new-chat").addEventListener("click", async () => {
    localStorage.removeItem(KEY);
    conversation = null;
    log.replaceChildren();
    await welcome();
    input.focus();
  });

  (async function start() {
    try {
      await loadGreeting();
      if (!(await restore())) await welcome();
    } catch (e) {
      system("I can't reach the advisor right now. Reload the page to try again.");
    }
    input.focus();
  })();
})();
