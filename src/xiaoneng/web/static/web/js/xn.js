/* 张掖市政府工作效能平台 — small behaviours of the shell, written for this
   product. No inline scripts, so a strict Content-Security-Policy can hold. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  // Side navigation on phones: the toggle opens it, the scrim and Escape close it.
  function navigation() {
    var toggle = document.querySelector("[data-xn-nav-toggle]");
    if (!toggle) { return; }
    function set(open) {
      document.body.classList.toggle("xn-nav-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.setAttribute("aria-label", open ? "收起导航菜单" : "展开导航菜单");
    }
    toggle.addEventListener("click", function () {
      set(!document.body.classList.contains("xn-nav-open"));
    });
    document.querySelectorAll("[data-xn-nav-close]").forEach(function (el) {
      el.addEventListener("click", function () { set(false); });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && document.body.classList.contains("xn-nav-open")) {
        set(false);
        toggle.focus();
      }
    });
  }

  // Dismissible alerts (Django messages).
  function alerts() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-xn-dismiss]");
      if (!button) { return; }
      var alert = button.closest(".xn-alert");
      if (alert) { alert.remove(); }
    });
  }

  // Forms whose submit asks first (吊销令牌 …): data-xn-confirm="message".
  function confirms() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.hasAttribute && form.hasAttribute("data-xn-nosubmit")) { event.preventDefault(); return; }
      var message = form.getAttribute && form.getAttribute("data-xn-confirm");
      if (message && !window.confirm(message)) { event.preventDefault(); }
    });
  }

  // Login page: a demo-account row fills the user name and moves to the password.
  function demoAccounts() {
    document.querySelectorAll("[data-xn-fill-username]").forEach(function (button) {
      button.addEventListener("click", function () {
        var username = document.getElementById("id_username");
        var password = document.getElementById("id_password");
        if (!username) { return; }
        username.value = button.getAttribute("data-xn-fill-username");
        username.dispatchEvent(new Event("input", { bubbles: true }));
        if (password) { password.focus(); }
      });
    });
  }

  // Copy a one-time secret to the clipboard.
  function copyButtons() {
    document.querySelectorAll("[data-xn-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-xn-copy"));
        if (!source) { return; }
        var text = source.textContent.trim();
        var label = button.querySelector("[data-xn-copy-label]") || button;
        var done = function () {
          var before = label.textContent;
          label.textContent = "已复制";
          window.setTimeout(function () { label.textContent = before; }, 1800);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done);
        } else {
          var range = document.createRange();
          range.selectNodeContents(source);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
        }
      });
    });
  }

  // Organisation tree: filter by name, opening the branches that match.
  function treeFilter() {
    var input = document.querySelector("[data-xn-tree-filter]");
    var tree = document.querySelector("[data-xn-tree]");
    if (!input || !tree) { return; }
    var items = Array.prototype.slice.call(tree.querySelectorAll("li[data-name]"));
    var counter = document.querySelector("[data-xn-tree-count]");
    function apply() {
      var q = input.value.trim();
      var shown = 0;
      items.forEach(function (li) { li.classList.remove("is-hidden"); });
      if (!q) {
        if (counter) { counter.textContent = ""; }
        return;
      }
      // Hide every item whose subtree has no match; open the ones that do.
      items.slice().reverse().forEach(function (li) {
        var self = li.getAttribute("data-name").indexOf(q) !== -1;
        var childMatch = li.querySelector("li[data-name]:not(.is-hidden)") !== null;
        if (self || childMatch) {
          var details = li.querySelector(":scope > details");
          if (details && childMatch) { details.open = true; }
          if (self) { shown += 1; }
        } else {
          li.classList.add("is-hidden");
        }
      });
      if (counter) { counter.textContent = "匹配 " + shown + " 个机构"; }
    }
    input.addEventListener("input", apply);
    var reset = document.querySelector("[data-xn-tree-reset]");
    if (reset) {
      reset.addEventListener("click", function () { input.value = ""; apply(); input.focus(); });
    }
    document.querySelectorAll("[data-xn-tree-expand]").forEach(function (button) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("data-xn-tree-expand") === "open";
        tree.querySelectorAll("details").forEach(function (d) { d.open = open; });
      });
    });
  }

  ready(function () {
    navigation();
    alerts();
    confirms();
    demoAccounts();
    copyButtons();
    treeFilter();
  });
})();
