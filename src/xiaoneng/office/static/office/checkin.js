/* 突发事件到场签到 (phone): the "获取定位" button fills the hidden latitude and
   longitude from the browser's geolocation where it allows (the page's
   Permissions-Policy lets this origin ask); the place is typed in any case.
   No inline script (the CSP forbids it). */
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
    if (!("geolocation" in navigator)) { say("此浏览器不支持定位，请填写到场地点。"); return; }
    button.disabled = true;
    say("正在获取定位……");
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(6);
      lon.value = position.coords.longitude.toFixed(6);
      say("已定位：" + lat.value + "，" + lon.value + "（精度约 " + Math.round(position.coords.accuracy) + " 米）");
      button.disabled = false;
    }, function (error) {
      say(error.code === 1 ? "未获准使用定位，请填写到场地点。" : "暂时无法定位，请稍后重试或填写到场地点。");
      button.disabled = false;
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  ready(function () {
    document.querySelectorAll("[data-checkin-locate]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { locate(button); });
    });
  });
})();
