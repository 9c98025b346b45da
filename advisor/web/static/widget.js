// The advisor widget: paste <script src="https://YOUR-SERVER/widget.js" defer></script>
// into a page, and a chat bubble opens the advisor in a frame served by that server.
"use strict";
(function () {
  if (window.__advisorWidget) return;
  window.__advisorWidget = true;
  const script = document.currentScript;
  const origin = new URL(script ? script.src : "/", window.location.href).origin;

  const bubble = document.createElement("button");
  bubble.type = "button";
  bubble.textContent = "Ask the advisor";
  bubble.setAttribute("aria-expanded", "false");
  bubble.setAttribute("aria-controls", "advisor-widget-frame");
  Object.assign(bubble.style, {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483647", padding: "12px 18px",
    borderRadius: "24px", border: "none", background: "#1f5fbf", color: "#fff", font: "600 15px system-ui, sans-serif",
    boxShadow: "0 4px 14px rgba(0,0,0,.25)", cursor: "pointer",
  });

  let frame = null;
  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.id = "advisor-widget-frame";
      frame.title = "Career advisor chat";
      frame.src = origin + "/embed";
      Object.assign(frame.style, {
        position: "fixed", right: "16px", bottom: "76px", zIndex: "2147483647", width: "min(400px, calc(100vw - 32px))",
        height: "min(600px, calc(100vh - 100px))", border: "1px solid #d9dee7", borderRadius: "12px",
        boxShadow: "0 8px 28px rgba(0,0,0,.25)", background: "#fff",
      });
      document.body.appendChild(frame);
    }
    const opening = frame.style.display === "none" || bubble.getAttribute("aria-expanded") === "false";
    frame.style.display = opening ? "block" : "none";
    bubble.setAttribute("aria-expanded", String(opening));
    bubble.textContent = opening ? "Close the advisor" : "Ask the advisor";
    if (opening) frame.focus();
  }
  bubble.addEventListener("click", open);
  function attach() { document.body.appendChild(bubble); }
  if (document.body) attach(); else document.addEventListener("DOMContentLoaded", attach);
})();
