// The chat page: talks to the JSON API, keeps the conversation id in the browser, and
// draws replies: the answer first, then its schools (a table, two-line rows on a phone),
// the pay chart, suggestions, and "About this answer" (why it was given, where it comes from).
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

  // A list longer than `over` rows shows its first `to` and a "Show all" button: on a phone
  // (or in the widget) a list of schools would otherwise push the reply's suggestions out of
  // view; on a wide screen only a long one is folded.
  function fold() {
    return window.matchMedia("(max-width: 599px)").matches ? { over: 4, to: 3 } : { over: 8, to: 6 };
  }
  const NOT_STATED = "not stated";

  // The schools of a list or comparison: a table from 600 px; on a phone, CSS lays each row
  // out as two lines, the name and its figure, then a summary of the rest (where, how).
  function drawTable(table) {
    const wrap = el("div", "table-wrap");
    const t = el("table");
    const keep = table.columns.map((_, i) => table.rows.some((row) => row[i]));
    const figure = table.columns.map((_, i) => table.rows.every((r) => !r[i] || isFigure(r[i])));
    const role = (i) => (i === 0 ? "name" : figure[i] ? "figure" : "detail");
    const head = el("tr");
    table.columns.forEach((name, i) => {
      if (!keep[i]) return;
      const th = el("th", figure[i] ? "figure" : null, name);
      th.scope = "col";
      head.appendChild(th);
    });
    const thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    const body = el("tbody");
    const { over, to } = fold();
    table.rows.forEach((row, n) => {
      const tr = el("tr", n >= to && table.rows.length > over ? "folded" : null);
      const details = [];
      row.forEach((cell, i) => {
        if (!keep[i]) return;
        tr.appendChild(el("td", role(i), cell));
        if (role(i) === "detail" && cell) {
          details.push(cell === NOT_STATED ? table.columns[i].toLowerCase() + " " + cell : cell);
        }
      });
      if (details.length) {
        const summary = el("td", "summary", details.join(" · "));
        summary.setAttribute("aria-hidden", "true");  // the cells above say the same to a screen reader
        tr.appendChild(summary);
      }
      body.appendChild(tr);
    });
    t.appendChild(body);
    wrap.appendChild(t);
    if (table.rows.length > over) {
      const all = el("button", "show-all", "Show all " + table.rows.length);
      all.type = "button";
      all.setAttribute("aria-expanded", "false");
      all.addEventListener("click", () => {
        for (const row of body.querySelectorAll("tr.folded")) row.classList.remove("folded");
        all.remove();
        body.rows[to].querySelector("td").setAttribute("tabindex", "-1");
        body.rows[to].querySelector("td").focus();  // reading goes on where the list went on
      });
      wrap.appendChild(all);
    }
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

  // "About this answer": why it was given (what happened to the question, and how it was
  // decided) and where it comes from (the passages quoted), behind one control per reply.
  function about(reply) {
    const details = el("details", "about");
    details.appendChild(el("summary", null, "About this answer"));
    const explanation = reply.explanation || {};
    details.appendChild(el("h2", null, "Why this answer"));
    if (explanation.verdict) details.appendChild(el("p", null, explanation.verdict));
    details.appendChild(el("h2", null, "Where it comes from"));
    if (!reply.sources || !reply.sources.length) {
      details.appendChild(el("p", null, "This answer states no fact from the article."));
      return details;
    }
    if (greeting && greeting.source) details.appendChild(el("p", null, "From the article “" + greeting.source + "”:"));
    for (const s of reply.sources) {
      if (s.figure) details.appendChild(el("p", null, s.figure + ":"));
      details.appendChild(el("blockquote", null, "“" + s.quote + "”"));
      if (s.heading) details.appendChild(el("p", null, "a heading of the article"));
      else if (s.section) details.appendChild(el("p", null, "under the article's heading “" + s.section + "”"));
      if (s.correction) details.appendChild(el("p", null, s.correction));
    }
    return details;
  }

  function showReply(reply, live) {
    const turn = el("div", "turn bot");
    const bubble = el("div", "bubble");
    for (const block of textBlocks(reply.text, reply.table)) bubble.appendChild(block);
    if (reply.chart && reply.chart.bars.length > 1) bubble.appendChild(drawChart(reply.chart));
    for (const note of reply.notes || []) bubble.appendChild(el("p", "note", note));
    if (reply.explanation) bubble.appendChild(about(reply));
    turn.appendChild(bubble);
    if (live && reply.suggestions && reply.suggestions.length) {
      const box = el("div", "suggestions");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", reply.outcome === "fallback" ? "Try asking" : "Suggested questions");
      if (reply.outcome === "fallback") box.appendChild(el("span", "lead", "Try asking:"));
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
    const padding = parseFloat(getComputedStyle(log).paddingTop) + parseFloat(getComputedStyle(log).paddingBottom);
    if (live && question && turn.offsetHeight > log.clientHeight - padding) {
      question.scrollIntoView({ block: "start" });  // a reply taller than the view is read from its start
    } else {
      scrollDown();  // the whole reply and its suggestions, above the question box
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
    // "Career advisor: Medical Records Technician": on a phone the bar shows the name alone.
    const split = greeting.title.indexOf(": ");
    document.getElementById("title-prefix").textContent = split > 0 ? greeting.title.slice(0, split + 2) : "";
    document.getElementById("title-name").textContent = split > 0 ? greeting.title.slice(split + 2) : greeting.title;
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
    // The conversation is deleted on the server too: asked first, when there is one to lose.
    if (log.querySelector(".turn.user") && !window.confirm("Start a new chat? This conversation will be deleted.")) return;
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
    // Opened again: the page around asks for the question box to take the focus.
    window.addEventListener("message", (event) => {
      if (event.source === window.parent && event.data && event.data.advisor === "focus") input.focus();
    });
    const button = el("button", "quiet", "×");
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
