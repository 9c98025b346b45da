// The advisor widget: paste <script src="https://YOUR-SERVER/widget.js" defer></script>
// into a page, and a chat bubble opens the advisor in a frame served by that server.
// On a small screen the frame fills it; Escape or the frame's Close button closes it.
// Where it sits, on the script tag: data-position="left" (default "right"), and
// data-offset="16 80" (pixels from the side, then from the bottom: to clear a fixed footer;
// one number sets both).
"use strict";
(function () {
  if (window.__advisorWidget) return;
  window.__advisorWidget = true;
  const script = document.currentScript;
  const origin = new URL(script ? script.src : "/", window.location.href).origin;
  // The device's width, not the page's: a page with no viewport tag is laid out 980 px wide.
  const small = Math.min(window.screen.width || 1024, window.innerWidth || 1024) < 600;
  const data = (script && script.dataset) || {};
  const side = data.position === "left" ? "left" : "right";
  const offsets = String(data.offset || "16").trim().split(/[\s,]+/).map((n) => Math.max(0, parseInt(n, 10) || 0));
  const across = offsets[0], up = offsets.length > 1 ? offsets[1] : offsets[0];

  const bubble = document.createElement("button");
  bubble.type = "button";
  bubble.textContent = "Ask the advisor";
  bubble.setAttribute("aria-expanded", "false");
  bubble.setAttribute("aria-controls", "advisor-widget-frame");
  Object.assign(bubble.style, {
    position: "fixed", [side]: across + "px", bottom: up + "px", zIndex: "2147483646", padding: "12px 18px",
    minHeight: "48px", borderRadius: "24px", border: "none", background: "#1a56b0", color: "#fff",
    font: "600 16px system-ui, sans-serif", boxShadow: "0 4px 14px rgba(0,0,0,.25)", cursor: "pointer",
  });

  let frame = null;
  function setOpen(opening) {
    if (opening && !frame) {
      frame = document.createElement("iframe");
      frame.id = "advisor-widget-frame";
      frame.title = "Career advisor chat";
      frame.src = origin + "/embed";
      // On a phone the frame fills the visible screen (dvh: without the browser's bars, so the
      // question box at its foot is never under them); else it opens above the bubble.
      const size = small
        ? { left: "0", top: "0", width: "100vw", height: "100vh", border: "none", borderRadius: "0" }
        : { [side]: across + "px", bottom: (up + 60) + "px", width: "400px",
            height: "min(600px, calc(100vh - " + (up + 84) + "px))", border: "1px solid #d3d9e3", borderRadius: "12px" };
      Object.assign(frame.style, { position: "fixed", zIndex: "2147483647", background: "#fff",
        boxShadow: "0 8px 28px rgba(0,0,0,.25)" }, size);
      if (small && window.CSS && CSS.supports("height", "100dvh")) frame.style.height = "100dvh";
      document.body.appendChild(frame);
    }
    if (!frame) return;
    frame.style.display = opening ? "block" : "none";
    bubble.setAttribute("aria-expanded", String(opening));
    bubble.textContent = opening ? "Close the advisor" : "Ask the advisor";
    if (small) bubble.style.display = opening ? "none" : "block";
    if (opening) {
      frame.focus();
      // The frame's question box takes the focus (the frame itself would only hold it).
      if (frame.contentWindow) frame.contentWindow.postMessage({ advisor: "focus" }, origin);
    } else {
      bubble.focus();
    }
  }
  bubble.addEventListener("click", () => setOpen(bubble.getAttribute("aria-expanded") !== "true"));
  // The frame asks to be closed (its Close button, or Escape inside it).
  window.addEventListener("message", (event) => {
    if (event.origin === origin && event.data && event.data.advisor === "close") setOpen(false);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && bubble.getAttribute("aria-expanded") === "true") setOpen(false);
  });
  function attach() { document.body.appendChild(bubble); }
  if (document.body) attach(); else document.addEventListener("DOMContentLoaded", attach);
})();
