/* 电子监察大屏: scales the 1920×1080 canvas to the window, polls the snapshot
   (If-None-Match, every data-poll-ms) and re-renders; charts with ECharts when it
   is installed, tables otherwise. Data is inserted as text, never as HTML. */
(function () {
  "use strict";

  var W = 1920, H = 1080;
  var canvas = document.getElementById("bs-canvas");
  var url = canvas.getAttribute("data-snapshot-url");
  var pollMs = parseInt(canvas.getAttribute("data-poll-ms"), 10) || 2000;
  var etag = canvas.getAttribute("data-etag") || "";
  var hasCharts = typeof window.echarts !== "undefined";
  var charts = {};
  var listKeys = {};
  var seenEvents = null;
  var WEEKDAYS = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
  var C = { cyan: "#4fd8ff", blue: "#1f8fff", green: "#20d17a", yellow: "#ffc531", red: "#ff4d4f", text: "#d6e8ff", text2: "#8aa9cf", grid: "rgba(54,164,255,0.15)" };

  // --- fixed canvas, scaled to the window ----------------------------------------
  function fit() {
    var s = Math.min(window.innerWidth / W, window.innerHeight / H);
    var x = (window.innerWidth - W * s) / 2, y = (window.innerHeight - H * s) / 2;
    canvas.style.transform = "translate(" + x + "px," + y + "px) scale(" + s + ")";
  }
  window.addEventListener("resize", fit);
  fit();

  // --- clock (Asia/Shanghai) -------------------------------------------------------
  var timeFmt = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  function tick() { document.getElementById("bs-clock").textContent = timeFmt.format(new Date()); }
  setInterval(tick, 1000);
  tick();

  // --- helpers -------------------------------------------------------------------
  function node(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function get(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }
  function rate(v) { return v === null || v === undefined ? "—" : v.toFixed(1) + "%"; }
  function shortDay(iso) { var p = iso.split("-"); return parseInt(p[1], 10) + "/" + parseInt(p[2], 10); }
  function longDay(iso) {
    var p = iso.split("-").map(Number);
    var wd = new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay();
    return p[0] + "年" + p[1] + "月" + p[2] + "日 " + WEEKDAYS[wd];
  }

  // Numbers roll from the shown value to the new one; data-value holds the target.
  function setNumber(el, value) {
    var format = el.getAttribute("data-format");
    if (format === "rate") {
      el.setAttribute("data-value", value === null || value === undefined ? "" : String(value));
      el.textContent = rate(value);
      return;
    }
    var to = Number(value) || 0;
    var from = Number(el.getAttribute("data-value")) || 0;
    el.setAttribute("data-value", String(to));
    if (from === to) { el.textContent = String(to); return; }
    var start = null, duration = 900;
    function step(ts) {
      if (start === null) start = ts;
      var t = Math.min((ts - start) / duration, 1);
      var eased = 1 - Math.pow(1 - t, 3);
      if (el.getAttribute("data-value") !== String(to)) return; // a newer value took over
      el.textContent = String(Math.round(from + (to - from) * eased));
      if (t < 1) window.requestAnimationFrame(step);
    }
    window.requestAnimationFrame(step);
  }

  // A list that scrolls when it is longer than its box (content doubled, CSS loop).
  function fillList(box, key, rows, empty) {
    var sig = JSON.stringify(key);
    if (listKeys[box.id] === sig) return;
    listKeys[box.id] = sig;
    var inner = box.firstElementChild;
    inner.classList.remove("is-rolling");
    inner.replaceChildren();
    if (!rows.length) { inner.appendChild(empty); return; }
    rows.forEach(function (r) { inner.appendChild(r); });
    if (inner.scrollHeight > box.clientHeight + 4) {
      rows.forEach(function (r) { var c = r.cloneNode(true); c.setAttribute("aria-hidden", "true"); inner.appendChild(c); });
      inner.style.setProperty("--bs-roll-seconds", Math.max(rows.length * 2.6, 12) + "s");
      inner.classList.add("is-rolling");
    }
  }

  // --- sections --------------------------------------------------------------------
  function renderOverdue(list) {
    var rows = list.map(function (c) {
      var row = node("div", "bs-overdue-row");
      row.appendChild(node("span", "no", c.tracking_no));
      var what = node("span", "what");
      what.appendChild(node("b", "", c.item));
      what.appendChild(node("span", "", c.department + " · 期限 " + c.due_on));
      row.appendChild(what);
      row.appendChild(node("span", "step", c.step));
      row.appendChild(node("span", "late", c.overdue_workdays > 0 ? c.overdue_workdays + " 工作日" : "已超期"));
      return row;
    });
    fillList(document.getElementById("overdue"), list, rows, node("div", "bs-empty is-good", "当前无超期办件"));
  }

  function renderFeed(list) {
    var first = seenEvents === null;
    var seen = seenEvents || {};
    var rows = list.map(function (e) {
      var row = node("div", "bs-feed-row" + (!first && !seen[e.id] ? " is-new" : ""));
      row.appendChild(node("time", "", e.at));
      row.appendChild(node("span", "tag k-" + e.kind, e.label));
      row.appendChild(node("span", "what", e.item + "（" + e.tracking_no + "）"));
      row.appendChild(node("span", "dept", e.department));
      return row;
    });
    seenEvents = {};
    list.forEach(function (e) { seenEvents[e.id] = true; });
    fillList(document.getElementById("feed"), list, rows, node("div", "bs-empty", "暂无办件动态"));
  }

  function renderRanking(ranking) {
    var box = document.getElementById("ranking");
    box.replaceChildren();
    if (!ranking.rows.length) { box.appendChild(node("div", "bs-empty", "本月暂无办件数据")); return; }
    ranking.rows.forEach(function (r) {
      var row = node("div", "bs-rank-row");
      var rank = node("span", ""); rank.appendChild(node("span", "rank", r.rank)); row.appendChild(rank);
      var dept = node("span", "dept", r.department); dept.title = r.department; row.appendChild(dept);
      row.appendChild(node("span", "n score", r.score === null || r.score === undefined ? "—" : r.score.toFixed(1)));
      row.appendChild(node("span", "n", r.intake));
      row.appendChild(node("span", "n", r.completed));
      row.appendChild(node("span", "n" + (r.overdue ? " is-bad" : ""), r.overdue));
      var cell = node("span", "rate");
      var bar = node("i", ""); var fill = node("s", "");
      fill.style.width = (r.on_time_rate || 0) + "%";
      bar.appendChild(fill); cell.appendChild(bar); cell.appendChild(node("span", "", rate(r.on_time_rate)));
      row.appendChild(cell);
      box.appendChild(row);
    });
  }

  function renderBar(levels) {
    var timed = levels.normal + levels.warning + levels.overdue;
    ["normal", "warning", "overdue"].forEach(function (k) {
      document.getElementById("bs-bar-" + k).style.width = (timed ? (100 * levels[k]) / timed : 0) + "%";
    });
  }

  // --- charts (ECharts) or tables ---------------------------------------------------
  function chart(id) {
    if (!charts[id]) charts[id] = window.echarts.init(document.getElementById(id), null, { renderer: "canvas" });
    return charts[id];
  }
  var axisText = { color: C.text2, fontSize: 14 };

  function trendOption(t) {
    return {
      animationDuration: 600,
      grid: { left: 48, right: 24, top: 44, bottom: 32 },
      legend: { top: 4, right: 10, textStyle: { color: C.text, fontSize: 15 }, itemWidth: 18, itemHeight: 10 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: t.days.map(shortDay), axisLabel: axisText, axisLine: { lineStyle: { color: C.grid } }, axisTick: { show: false } },
      yAxis: { type: "value", minInterval: 1, axisLabel: axisText, splitLine: { lineStyle: { color: C.grid } } },
      series: [
        { name: "收件", type: "bar", barMaxWidth: 14, data: t.intake,
          itemStyle: { borderRadius: [3, 3, 0, 0], color: new window.echarts.graphic.LinearGradient(0, 0, 0, 1, [{ offset: 0, color: C.cyan }, { offset: 1, color: "rgba(31,143,255,0.15)" }]) } },
        { name: "办结", type: "line", smooth: 0.3, symbol: "circle", symbolSize: 6, data: t.completed,
          lineStyle: { width: 3, color: C.green }, itemStyle: { color: C.green },
          areaStyle: { color: new window.echarts.graphic.LinearGradient(0, 0, 0, 1, [{ offset: 0, color: "rgba(32,209,122,0.35)" }, { offset: 1, color: "rgba(32,209,122,0)" }]) } }
      ]
    };
  }
  function rateOption(t) {
    return {
      animationDuration: 600,
      grid: { left: 52, right: 18, top: 20, bottom: 30 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return rate(v); } },
      xAxis: { type: "category", data: t.days.map(shortDay), axisLabel: axisText, axisLine: { lineStyle: { color: C.grid } }, axisTick: { show: false } },
      yAxis: { type: "value", min: 0, max: 100, interval: 25, axisLabel: { color: C.text2, fontSize: 14, formatter: "{value}%" }, splitLine: { lineStyle: { color: C.grid } } },
      series: [{ name: "按时办结率", type: "line", smooth: true, connectNulls: true, symbol: "circle", symbolSize: 7, data: t.on_time_rate,
        lineStyle: { width: 3, color: C.yellow }, itemStyle: { color: C.yellow },
        areaStyle: { color: new window.echarts.graphic.LinearGradient(0, 0, 0, 1, [{ offset: 0, color: "rgba(255,197,49,0.3)" }, { offset: 1, color: "rgba(255,197,49,0)" }]) },
        markLine: { silent: true, symbol: "none", data: [{ yAxis: 90 }], lineStyle: { color: C.red, type: "dashed" }, label: { color: C.red, position: "insideEndTop", formatter: "目标 90%" } } }]
    };
  }
  function gaugeOption(v) {
    var colour = v === null ? C.text2 : v >= 90 ? C.green : v >= 70 ? C.yellow : C.red;
    return {
      series: [{ type: "gauge", startAngle: 215, endAngle: -35, min: 0, max: 100, radius: "92%", center: ["50%", "56%"],
        progress: { show: true, width: 16, itemStyle: { color: colour, shadowBlur: 12, shadowColor: colour } },
        axisLine: { lineStyle: { width: 16, color: [[1, "rgba(255,255,255,0.08)"]] } },
        axisTick: { show: false }, splitLine: { length: 6, distance: 4, lineStyle: { color: "rgba(138,169,207,0.6)", width: 1 } },
        axisLabel: { show: false }, pointer: { show: false }, anchor: { show: false },
        title: { offsetCenter: [0, "42%"], color: C.text2, fontSize: 15 },
        detail: { offsetCenter: [0, "0%"], fontSize: 38, fontWeight: 700, color: "#fff", formatter: function () { return rate(v); } },
        data: [{ value: v === null ? 0 : v, name: "近30日" }] }]
    };
  }

  function table(head, rows) {
    var wrap = node("div", "bs-fallback");
    var t = node("table", ""), tr = node("tr", "");
    head.forEach(function (h) { tr.appendChild(node("th", "", h)); });
    var thead = node("thead", ""); thead.appendChild(tr); t.appendChild(thead);
    var body = node("tbody", "");
    rows.forEach(function (r) { var row = node("tr", ""); r.forEach(function (c) { row.appendChild(node("td", "", c)); }); body.appendChild(row); });
    t.appendChild(body); wrap.appendChild(t);
    return wrap;
  }
  function renderFallback(t) {
    var recent = t.days.map(function (d, i) { return i; }).slice(-10).reverse();
    document.getElementById("chart-trend").replaceChildren(table(["日期", "收件", "办结", "按时办结率"],
      recent.map(function (i) { return [t.days[i], t.intake[i], t.completed[i], rate(t.on_time_rate[i])]; })));
    document.getElementById("chart-rate").replaceChildren(table(["日期", "办结", "按时办结", "按时办结率"],
      recent.slice(0, 6).map(function (i) { return [t.days[i], t.completed[i], t.on_time[i], rate(t.on_time_rate[i])]; })));
    var big = node("div", "bs-big", rate(t.total_on_time_rate));
    document.getElementById("chart-gauge").replaceChildren(big);
  }

  function renderCharts(t) {
    if (!hasCharts) { renderFallback(t); return; }
    chart("chart-trend").setOption(trendOption(t));
    chart("chart-rate").setOption(rateOption(t));
    chart("chart-gauge").setOption(gaugeOption(t.total_on_time_rate));
  }

  // --- the whole screen ---------------------------------------------------------------
  function render(data) {
    document.getElementById("bs-date").textContent = longDay(data.today);
    document.getElementById("bs-scope").textContent = data.scope;
    document.getElementById("bs-ranking-month").textContent = data.ranking.month;
    Array.prototype.forEach.call(document.querySelectorAll("[data-key]"), function (el) {
      setNumber(el, get(data, el.getAttribute("data-key")));
    });
    renderBar(data.levels);
    renderOverdue(data.overdue);
    renderFeed(data.feed);
    renderRanking(data.ranking);
    renderCharts(data.trend);
  }

  var live = document.getElementById("bs-live"), liveText = document.getElementById("bs-live-text");
  function status(ok, text) {
    live.classList.toggle("is-down", !ok);
    liveText.textContent = text;
    if (ok) document.getElementById("bs-updated").textContent = "数据更新于 " + timeFmt.format(new Date());
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 304) { status(true, "实时"); return null; }
        if (r.status === 401 || r.status === 403) { status(false, "登录已失效，请刷新页面重新登录"); return null; }
        if (!r.ok) { status(false, "数据服务异常，正在重试"); return null; }
        etag = r.headers.get("ETag") || "";
        return r.json().then(function (data) { render(data); status(true, "实时"); });
      })
      .catch(function () { status(false, "连接中断，正在重试"); })
      .then(function () { window.setTimeout(poll, pollMs); });
  }

  window.addEventListener("resize", function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  if (!hasCharts && !document.getElementById("bs-no-charts")) {
    var notice = node("div", "bs-notice", "图表组件（ECharts）未能加载，图表暂以表格显示。");
    notice.id = "bs-no-charts";
    notice.setAttribute("role", "alert");
    canvas.appendChild(notice);
  }
  render(JSON.parse(document.getElementById("bs-initial").textContent));
  status(true, hasCharts ? "实时" : "实时（无图表组件）");
  window.setTimeout(poll, pollMs);
})();
