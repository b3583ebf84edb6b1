/* Feedback while a document is laid out (1–3 s): a link or button marked
   data-busy shows "正在生成…" once clicked, takes no second click until the
   document has come (or a few seconds have passed), then reads as before.
   A static file: the pages' CSP allows no inline script. */
(function () {
  "use strict";
  var WAIT_MS = 8000;

  function restore(el) {
    if (!el.hasAttribute("data-busy-on")) return;
    el.removeAttribute("data-busy-on");
    el.removeAttribute("aria-busy");
    el.classList.remove("is-busy");
    if (el.dataset.busyText !== undefined) el.textContent = el.dataset.busyText;
    if (el.tagName === "BUTTON") el.disabled = false;
  }

  function busy(el) {
    el.setAttribute("data-busy-on", "");
    el.setAttribute("aria-busy", "true");
    el.classList.add("is-busy");
    el.dataset.busyText = el.textContent;
    el.textContent = el.getAttribute("data-busy") || "正在生成…";
    window.setTimeout(function () { restore(el); }, WAIT_MS);
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-busy]") : null;
    if (!el) return;
    if (el.hasAttribute("data-busy-on")) {
      event.preventDefault(); // already generating: no second request
      return;
    }
    busy(el);
    if (el.tagName === "BUTTON" && el.form) {
      // Disabled after the click has submitted the form.
      window.setTimeout(function () { el.disabled = true; }, 0);
    }
  });

  // Back on the page (a PDF opened in this tab, or the new tab's document
  // has come and the user returns): the links read as before.
  function restoreAll() {
    document.querySelectorAll("[data-busy-on]").forEach(restore);
  }
  window.addEventListener("pageshow", restoreAll);
  window.addEventListener("focus", function () { window.setTimeout(restoreAll, 600); });
})();
