/**
 * The script of a sweep's report.html: reads the embedded data and draws the outcome table, the
 * grid table and one distribution chart per metric as inline SVG. Plain browser JavaScript, no
 * libraries; it sets `data-ready` on the body when done (the browser test waits for it).
 */
export const SWEEP_PAGE_SCRIPT = `
"use strict";
var D = JSON.parse(document.getElementById("jobsim-sweep-data").textContent);
var SVGNS = "http://www.w3.org/2000/svg";
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function svg(tag, attrs) {
  var e = document.createElementNS(SVGNS, tag);
  for (var k in attrs) e.setAttribute(k, attrs[k]);
  return e;
}
function pad(n) { return n < 10 ? "0" + n : String(n); }
function fmtDur(s) {
  if (s === null || s === undefined) return "-";
  if (Math.abs(s) < 60) return (Math.round(s * 10) / 10) + "s";
  var neg = s < 0 ? "-" : ""; s = Math.abs(s);
  var m = Math.floor(s / 60), sec = Math.round(s % 60);
  if (m < 60) return neg + m + "m" + (sec ? pad(sec) + "s" : "");
  var h = Math.floor(m / 60); m = m % 60;
  return neg + h + "h" + (m ? pad(m) + "m" : "");
}
function fmtNum(v) {
  if (v === null || v === undefined) return "-";
  var a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 0.001)) return v.toExponential(2);
  return String(Math.round(v * 1000) / 1000);
}
function fmt(v, seconds) { return seconds ? fmtDur(v) : fmtNum(v); }
function fmtP(v) { return v === null ? "-" : (Math.round(v * 1000) / 10) + "%"; }
function pointLabel(p) {
  var parts = [];
  for (var i = 0; i < D.params.length; i++) {
    var k = D.params[i];
    if (Object.prototype.hasOwnProperty.call(p.params, k)) parts.push(k.split(".").pop() + "=" + JSON.stringify(p.params[k]));
  }
  return p.id + (parts.length ? " (" + parts.join(", ") + ")" : "");
}
var tip = document.getElementById("tooltip");
function hover(node, lines) {
  node.addEventListener("mousemove", function (ev) {
    tip.textContent = lines.join("\\n");
    tip.style.display = "block";
    tip.style.left = (ev.clientX + 14) + "px";
    tip.style.top = (ev.clientY + 10) + "px";
  });
  node.addEventListener("mouseleave", function () { tip.style.display = "none"; });
}

/** A 0..1 scale with the interval drawn as a bar and the proportion as a dot. */
function intervalBar(stats) {
  var w = 140, s = svg("svg", { width: w, height: 14, "class": "pbar" });
  s.appendChild(svg("line", { x1: 0, x2: w, y1: 7, y2: 7, stroke: "#dde3ea" }));
  if (stats.ci95) {
    s.appendChild(svg("rect", { x: stats.ci95[0] * w, y: 3, width: Math.max(1, (stats.ci95[1] - stats.ci95[0]) * w), height: 8, fill: "#3c7fd6", opacity: 0.35 }));
  }
  if (stats.p !== null) s.appendChild(svg("circle", { cx: stats.p * w, cy: 7, r: 3, fill: "#1d2330" }));
  return s;
}

function drawOutcomes() {
  var sec = document.getElementById("outcomes");
  var t = el("table", "outcomes"), head = el("tr");
  head.appendChild(el("th", null, "point"));
  D.outcomes.forEach(function (o) { var th = el("th", null, o.name); th.title = o.expression; head.appendChild(th); });
  t.appendChild(head);
  D.points.forEach(function (p, i) {
    var tr = el("tr");
    tr.appendChild(el("td", null, pointLabel(p)));
    D.outcomes.forEach(function (o) {
      var st = o.stats[i], td = el("td", "outcome");
      td.appendChild(el("span", null, fmtP(st.p) + " "));
      td.appendChild(el("span", "ci", st.ci95 ? "[" + fmtP(st.ci95[0]) + ", " + fmtP(st.ci95[1]) + "] " : ""));
      td.appendChild(el("span", "ci", st.count + "/" + st.n));
      td.appendChild(intervalBar(st));
      hover(td, [o.name + " at " + p.id, o.expression, "p " + fmtP(st.p) + " (" + st.count + " of " + st.n + " runs)", st.ci95 ? "95% Wilson interval " + fmtP(st.ci95[0]) + " to " + fmtP(st.ci95[1]) : ""]);
      tr.appendChild(td);
    });
    t.appendChild(tr);
  });
  sec.appendChild(t);
}

/** Every choice of the grid table: outcomes first, then metric means. */
function gridChoices() {
  var c = [];
  D.outcomes.forEach(function (o) { c.push({ label: o.name, value: function (i) { return o.stats[i].p; }, show: fmtP }); });
  D.metrics.forEach(function (m) { c.push({ label: "mean " + m.name, value: function (i) { return m.stats[i].mean; }, show: function (v) { return fmt(v, m.seconds); } }); });
  return c;
}

function drawGrid() {
  var sec = document.getElementById("grid");
  if (D.points.length < 2) { sec.appendChild(el("div", "muted", "One grid point: nothing to lay out over a grid.")); return; }
  var choices = gridChoices(), select = el("select");
  choices.forEach(function (c, i) { var o = el("option", null, c.label); o.value = String(i); select.appendChild(o); });
  var holder = el("div");
  sec.appendChild(select);
  sec.appendChild(holder);
  function render() {
    var c = choices[Number(select.value)];
    var vals = D.points.map(function (_, i) { return c.value(i); });
    var lo = Infinity, hi = -Infinity;
    vals.forEach(function (v) { if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
    function cell(i) {
      var td = el("td", "heat", c.show(vals[i]));
      if (vals[i] !== null && hi > lo) {
        var f = (vals[i] - lo) / (hi - lo);
        td.style.background = "rgba(60,127,214," + (0.08 + 0.6 * f).toFixed(3) + ")";
      }
      hover(td, [pointLabel(D.points[i]), c.label + ": " + c.show(vals[i])]);
      return td;
    }
    holder.textContent = "";
    var t = el("table", "grid");
    if (D.params.length === 2) {
      var rowsK = D.params[0], colsK = D.params[1], rv = [], cv = [];
      D.points.forEach(function (p) {
        var a = JSON.stringify(p.params[rowsK]), b = JSON.stringify(p.params[colsK]);
        if (rv.indexOf(a) < 0) rv.push(a);
        if (cv.indexOf(b) < 0) cv.push(b);
      });
      var head = el("tr");
      head.appendChild(el("th", null, rowsK + " \\\\ " + colsK));
      cv.forEach(function (b) { head.appendChild(el("th", null, b)); });
      t.appendChild(head);
      rv.forEach(function (a) {
        var tr = el("tr");
        tr.appendChild(el("th", null, a));
        cv.forEach(function (b) {
          var i = -1;
          D.points.forEach(function (p, k) { if (JSON.stringify(p.params[rowsK]) === a && JSON.stringify(p.params[colsK]) === b) i = k; });
          tr.appendChild(i < 0 ? el("td", null, "") : cell(i));
        });
        t.appendChild(tr);
      });
    } else {
      var h = el("tr");
      h.appendChild(el("th", null, "point"));
      D.params.forEach(function (k) { h.appendChild(el("th", null, k)); });
      h.appendChild(el("th", null, c.label));
      t.appendChild(h);
      D.points.forEach(function (p, i) {
        var tr = el("tr");
        tr.appendChild(el("td", null, p.id));
        D.params.forEach(function (k) { tr.appendChild(el("td", null, JSON.stringify(p.params[k]))); });
        tr.appendChild(cell(i));
        t.appendChild(tr);
      });
    }
    holder.appendChild(t);
  }
  select.addEventListener("change", render);
  render();
}

/** Deterministic jitter in [-1, 1] for the k-th dot. */
function jitter(k) { var x = Math.sin(k * 12.9898 + 78.233) * 43758.5453; return 2 * (x - Math.floor(x)) - 1; }

function drawMetric(m) {
  var card = el("div", "metric");
  card.appendChild(el("h3", null, m.name));
  var lo = Infinity, hi = -Infinity;
  m.stats.forEach(function (s) {
    if (s.min !== null) { lo = Math.min(lo, s.min); hi = Math.max(hi, s.max); }
    if (s.ci95) { lo = Math.min(lo, s.ci95[0]); hi = Math.max(hi, s.ci95[1]); }
  });
  if (!(hi > lo)) { hi = lo + 1; }
  var left = 70, w = 440, row = 22, plot = w - left - 10;
  var s = svg("svg", { width: w, height: row * D.points.length + 18 });
  function x(v) { return left + ((v - lo) / (hi - lo)) * plot; }
  m.stats.forEach(function (st, i) {
    var y = 4 + i * row + row / 2, p = D.points[i];
    var label = svg("text", { x: 0, y: y + 4 });
    label.textContent = p.id;
    s.appendChild(label);
    if (st.n === 0) return;
    var g = svg("g", { "class": "dist-row" });
    g.appendChild(svg("line", { x1: x(st.min), x2: x(st.max), y1: y, y2: y, stroke: "#8c96a3" }));
    g.appendChild(svg("rect", { x: x(st.p5), y: y - 6, width: Math.max(1, x(st.p95) - x(st.p5)), height: 12, fill: "#c3cddb", opacity: 0.7 }));
    var vs = m.values[i];
    if (vs) vs.forEach(function (v, k) { g.appendChild(svg("circle", { cx: x(v), cy: y + jitter(k) * 5, r: 1.6, fill: "#3c7fd6", opacity: 0.45 })); });
    g.appendChild(svg("line", { x1: x(st.p50), x2: x(st.p50), y1: y - 7, y2: y + 7, stroke: "#1d2330", "stroke-width": 1.5 }));
    if (st.ci95) g.appendChild(svg("rect", { x: x(st.ci95[0]), y: y - 2, width: Math.max(1.5, x(st.ci95[1]) - x(st.ci95[0])), height: 4, fill: "#1d2330" }));
    g.appendChild(svg("circle", { cx: x(st.mean), cy: y, r: 2.6, fill: "#d43f3a" }));
    g.appendChild(svg("rect", { x: left, y: y - row / 2, width: plot, height: row, fill: "transparent" }));
    hover(g, [m.name + " at " + pointLabel(p), "runs with a value " + st.n, "mean " + fmt(st.mean, m.seconds) + (st.ci95 ? "  95% CI " + fmt(st.ci95[0], m.seconds) + " to " + fmt(st.ci95[1], m.seconds) : ""), "p5 " + fmt(st.p5, m.seconds) + "  p50 " + fmt(st.p50, m.seconds) + "  p95 " + fmt(st.p95, m.seconds), "min " + fmt(st.min, m.seconds) + "  max " + fmt(st.max, m.seconds)]);
    s.appendChild(g);
  });
  var axis = row * D.points.length + 14;
  [lo, hi].forEach(function (v, k) {
    var t = svg("text", { x: k === 0 ? left : left + plot, y: axis, "text-anchor": k === 0 ? "start" : "end", fill: "#5f6b7a" });
    t.textContent = fmt(v, m.seconds);
    s.appendChild(t);
  });
  card.appendChild(s);
  return card;
}

function drawMetrics() {
  var holder = document.getElementById("dist");
  D.metrics.forEach(function (m) { holder.appendChild(drawMetric(m)); });
  if (D.constant.length) {
    var d = el("details");
    d.appendChild(el("summary", null, D.constant.length + " metrics with the same value in every run"));
    var t = el("table", "metrics");
    D.constant.forEach(function (c) { var tr = el("tr"); tr.appendChild(el("td", null, c[0])); tr.appendChild(el("td", "num", fmtNum(c[1]))); t.appendChild(tr); });
    d.appendChild(t);
    document.getElementById("metrics").appendChild(d);
  }
}

drawOutcomes();
drawGrid();
drawMetrics();
document.body.setAttribute("data-ready", "1");
`;
