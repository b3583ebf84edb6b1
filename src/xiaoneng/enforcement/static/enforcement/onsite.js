/* 行政执法 on-site forms: the names of the photos chosen are listed under
   the file input (the location comes from the house's web/js/geolocate.js).
   No inline script (the CSP forbids it). */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function photos(input) {
    var list = input.form.querySelector("[data-photo-list]");
    if (!list) { return; }
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    list.textContent = names.length ? "已选择 " + names.length + " 个文件：" + names.join("、") : "";
  }

  ready(function () {
    document.querySelectorAll("input[data-photos]").forEach(function (input) {
      input.addEventListener("change", function () { photos(input); });
    });
  });
})();
