/* The house's "获取定位" button (phone forms: the enforcement officer's on-site
   record, the emergency responder's check-in): a button marked
   data-geo-locate fills its form's hidden or visible latitude and longitude
   inputs from the browser's geolocation where it allows (the page's
   Permissions-Policy lets this origin ask; the browser asks its user); the
   place is typed in any case. No inline script (the CSP forbids it). */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function locate(button) {
    var form = button.closest("form");
    var status = form.querySelector("[data-geo-status]");
    var lat = form.querySelector("input[name=latitude]");
    var lon = form.querySelector("input[name=longitude]");
    function say(text) { if (status) { status.textContent = text; } }
    if (!("geolocation" in navigator)) { say("此浏览器不支持定位，请手工填写地点。"); return; }
    button.disabled = true;
    say("正在获取定位……");
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(6);
      lon.value = position.coords.longitude.toFixed(6);
      say("已定位：" + lat.value + "，" + lon.value + "（精度约 " + Math.round(position.coords.accuracy) + " 米）");
      button.disabled = false;
    }, function (error) {
      say(error.code === 1 ? "未获准使用定位，请手工填写地点。" : "暂时无法定位，请稍后重试或手工填写地点。");
      button.disabled = false;
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  ready(function () {
    document.querySelectorAll("[data-geo-locate]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { locate(button); });
    });
  });
})();
