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
    return turn;
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

  // A label that fits the chart's width: a long name keeps its first and last words
  // ("Collin County … District"), so no name is cut in the middle of a word.
  function fitted(text, width) {
    const room = Math.floor(width / 7.5);
    if (text.length <= room) return text;
    const words = text.split(" ");
    let head = words[0], tail = words[words.length - 1];
    for (let i = 1; i < words.length - 1 && (head + " " + words[i] + " … " + tail).length <= room; i++) {
      head += " " + words[i];
    }
    return head + " … " + tail;
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
      label.textContent = fitted(bar.label, width);
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
    if (reply.explanation && reply.explanation.verdict) details.appendChild(el("p", null, reply.explanation.verdict));
    if (reply.explanation && reply.explanation.decision) {
      const how = el("p", "note", "How it was decided: " + reply.explanation.decision);
      details.appendChild(how);
    }
    return details;
  }

  function sources(reply) {
    const details = el("details", "sources");
    details.appendChild(el("summary", null, "Where this comes from"));
    if (greeting && greeting.source) details.appendChild(el("p", null, "From the article “" + greeting.source + "”:"));
    for (const s of reply.sources) {
      if (s.figure) details.appendChild(el("p", null, s.figure + ":"));
      details.appendChild(el("blockquote", null, "“" + s.quote + "”"));
      if (s.heading) details.appendChild(el("p", "note", "a heading of the article"));
      else if (s.section) details.appendChild(el("p", "note", "under the article's heading “" + s.section + "”"));
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
    const question = turn.previousElementSibling;
    if (live && question && turn.offsetHeight > log.clientHeight * 0.7) {
      question.scrollIntoView({ block: "start" });  // a long reply is read from its start
    } else {
      scrollDown();
    }
  }

  async function call(method, path, body, headers) {
    const options = { method, headers: Object.assign({}, headers) };
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

  const sendButton = form.querySelector("button[type=submit]");

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", String(value));
    const waiting = document.getElementById("waiting");
    if (value && !waiting) {
      const dots = el("div", "turn waiting", "…");
      dots.id = "waiting";
      dots.setAttribute("aria-label", "The advisor is answering");
      log.appendChild(dots);
      scrollDown();
    } else if (!value && waiting) {
      waiting.remove();
    }
  }

  // A key per message, sent again with it on "Try again": a message whose first sending was
  // stored after all (the answer was lost on the way back) is then stored once, not twice.
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function failed(userTurn, text, message, key) {
    userTurn.classList.add("failed");
    const retry = el("button", "quiet", "Try again");
    retry.type = "button";
    retry.addEventListener("click", () => { userTurn.remove(); note.remove(); send(text, key); });
    const note = el("div", "turn system");
    note.append(el("span", null, message + " "), retry);
    log.appendChild(note);
    scrollDown();
    if (!input.value) input.value = text;  // nothing typed is lost
  }

  async function post(text, key) {
    const path = "/api/conversations/" + encodeURIComponent(conversation) + "/messages";
    return call("POST", path, { text }, { "Idempotency-Key": key });
  }

  async function send(text, key) {
    key = key || newKey();
    text = text.trim();
    if (!text || busy) return;
    const limit = greeting ? greeting.max_characters : Infinity;  // else the server says so (413)
    if ([...text].length > limit) {
      system("That message is over " + limit.toLocaleString("en-US") + " characters; please shorten it.");
      return;
    }
    for (const box of log.querySelectorAll(".suggestions")) box.remove();  // earlier offers are spent
    const userTurn = showUser(text);
    input.value = "";
    setBusy(true);
    try {
      if (!conversation) await newConversation();
      let result = await post(text, key);
      if (result.status === 404) {  // it expired or was deleted: carry on in a new one, and say so
        await newConversation();
        system("Your earlier conversation has expired, so this starts a new one: I don't remember what came before.");
        result = await post(text, key);
      }
      setBusy(false);
      if (result.status === 200) showReply(result.data.reply, true);
      else if (result.status === 429) failed(userTurn, text, "You're sending messages quickly; wait a moment.", key);
      else if (result.status === 503) failed(userTurn, text, "The advisor can't keep conversations for a moment; try again shortly.", key);
      else if (result.status >= 500) failed(userTurn, text, "Something went wrong on the advisor's side.", key);
      else failed(userTurn, text, problem(result), key);
    } catch (e) {
      setBusy(false);
      failed(userTurn, text, "I can't reach the advisor right now.", key);
    } finally {
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); send(input.value); });
  document.getElementById("new-chat").addEventListener("click", async () => {
    localStorage.removeItem(KEY);
    if (conversation) call("DELETE", "/api/conversations/" + encodeURIComponent(conversation)).catch(() => {});
    conversation = null;
    log.replaceChildren();
    await welcome();
    input.focus();
  });

  // In the widget's frame: Escape or the close button asks the page around it to close it.
  if (document.body.classList.contains("embedded") && window.parent !== window) {
    const close = () => window.parent.postMessage({ advisor: "close" }, "*");
    document.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });
    const button = el("button", "quiet", "Close");
    button.type = "button";
    button.id = "close-chat";
    button.setAttribute("aria-label", "Close the chat");
    button.addEventListener("click", close);
    document.getElementById("new-chat").after(button);
  }

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
