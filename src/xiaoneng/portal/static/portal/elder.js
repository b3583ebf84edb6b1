/* 长者模式/无障碍 (MIIT 适老化): larger type and high contrast for the portal.
   Loaded without defer in <head> so the remembered mode applies before the
   first paint; the toggle in the top bar switches it and remembers the choice
   in localStorage (and a cookie, for browsers that refuse storage). No inline
   script anywhere (CSP). */
(function () {
  "use strict";
  var KEY = "xn-elder";
  var root = document.documentElement;

  function remembered() {
    try {
      var stored = window.localStorage.getItem(KEY);
      if (stored !== null) return stored === "1";
    } catch (e) { /* storage refused: the cookie answers */ }
    return /(?:^|;\s*)xn_elder=1(?:;|$)/.test(document.cookie);
  }

  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* cookie below */ }
    document.cookie = "xn_elder=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
  }

  function apply(on) {
    root.classList.toggle("pt-elder", on);
    var buttons = document.querySelectorAll("[data-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
      var label = buttons[i].querySelector("[data-elder-label]");
      if (label) label.textContent = on ? "退出长者模式" : "长者模式";
    }
  }

  apply(remembered());
  document.addEventListener("DOMContentLoaded", function () {
    apply(root.classList.contains("pt-elder"));
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-elder-toggle]") : null;
      if (!button) return;
      var on = !root.classList.contains("pt-elder");
      remember(on);
      apply(on);
    });
  });
})();
