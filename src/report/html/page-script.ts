/**
 * The script of report.html, inlined in its last <script> element. Plain ES2020 for any current
 * browser, no library: it reads the JSON data element and draws the timeline (canvas), the charts
 * (canvas), the Jobs table and the dependency graph (SVG). Every text from the data goes in
 * through textContent or canvas fillText, never as HTML. It exposes `window.jobsim` for tests.
 * Written without backticks or dollar-brace so it can sit in this raw string.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
"use strict";
var D = JSON.parse(document.getElementById("jobsim-data").textContent);
var POD = ["succeeded", "failed", "evicted", "deleted", "running", "pending"];
var POD_LABEL = { succeeded: "succeeded", failed: "failed", evicted: "evicted", deleted: "deleted by controller", running: "running at end", pending: "pending at end" };
var POD_COLOR = { succeeded: "#2f9e5a", failed: "#d43f3a", evicted: "#e8891d", deleted: "#8c96a3", running: "#3c7fd6", pending: "#c3cddb" };
var MARKS = ["created", "late", "suspended", "forbidden", "missedDeadline", "superseded", "pending", "dstSkipped"];
var MARK_LABEL = { created: "created", late: "created late", suspended: "suspended", forbidden: "forbidden", missedDeadline: "missed deadline", superseded: "superseded", pending: "pending at end", dstSkipped: "skipped by DST" };
var MARK_COLOR = { created: "#2f9e5a", late: "#d9a400", suspended: "#5d6b80", forbidden: "#d43f3a", missedDeadline: "#7b4fc4", superseded: "#8c96a3", pending: "#c3cddb", dstSkipped: "#111111" };
var START = Date.parse(D.scenario.start);
var H = D.horizon;
var S = D.series;
var tooltip = document.getElementById("tooltip");

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function pad(n) { return n < 10 ? "0" + n : String(n); }
function fmtDur(s) {
  if (s === null || s === undefined) return "";
  if (s < 60) return (Math.round(s * 10) / 10) + "s";
  var m = Math.floor(s / 60), sec = Math.round(s % 60);
  if (m < 60) return m + "m" + (sec ? pad(sec) + "s" : "");
  var h = Math.floor(m / 60); m = m % 60;
  if (h < 48) return h + "h" + (m ? pad(m) + "m" : "");
  var d = Math.floor(h / 24); h = h % 24;
  return d + "d" + (h ? h + "h" : "");
}
function isoAt(sec) { return new Date(START + sec * 1000).toISOString(); }
function fmtUtc(sec) { var s = isoAt(sec); return s.slice(0, 10) + " " + s.slice(11, 19) + " UTC"; }
var zoneFormats = {};
function fmtZone(sec, tz) {
  if (!tz) return fmtUtc(sec);
  var f = zoneFormats[tz];
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short" });
    } catch (e) { f = null; }
    zoneFormats[tz] = f;
  }
  if (!f) return fmtUtc(sec);
  var p = {};
  f.formatToParts(new Date(START + sec * 1000)).forEach(function (x) { p[x.type] = x.value; });
  return p.year + "-" + p.month + "-" + p.day + " " + p.hour + ":" + p.minute + ":" + p.second + " " + (p.timeZoneName || tz) + " (" + tz + ")";
}
function fmtNum(v) {
  if (v === null || v === undefined) return "-";
  if (Math.abs(v) >= 1000 && Number.isInteger(v)) return v.toLocaleString("en-US");
  return String(Math.round(v * 1000) / 1000);
}
function showTip(x, y, lines) {
  tooltip.textContent = lines.join("\n");
  tooltip.style.display = "block";
  var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
  var left = x + 14, top = y + 14;
  if (left + w > window.innerWidth - 4) left = x - w - 14;
  if (top + h > window.innerHeight - 4) top = y - h - 14;
  tooltip.style.left = Math.max(4, left) + "px";
  tooltip.style.top = Math.max(4, top) + "px";
}
function hideTip() { tooltip.style.display = "none"; }

// ---- summary -------------------------------------------------------------------------------
var M = {};
D.summary.forEach(function (r) { M[r[0]] = r[1]; });
function metric(name) { return M[name] === undefined ? null : M[name]; }
(function summary() {
  var root = document.getElementById("summary");
  var cards = el("div", "cards");
  function card(label, value, tone) {
    if (value === null || value === undefined) return;
    var c = el("div", "card" + (tone ? " " + tone : ""));
    c.appendChild(el("div", "v", typeof value === "number" ? fmtNum(value) : value));
    c.appendChild(el("div", "k", label));
    cards.appendChild(c);
  }
  var failed = metric("jobs.failed") || 0;
  card("Jobs created", metric("jobs.created"));
  card("Jobs succeeded", metric("jobs.succeeded"), "ok");
  card("Jobs failed", failed, failed > 0 ? "bad" : "");
  card("Jobs active at end", metric("jobs.active"));
  if (metric("jobs.skipped")) card("Jobs skipped", metric("jobs.skipped"), "warn");
  card("Pods created", metric("pods.created"));
  var pf = metric("pods.failed") || 0;
  card("Pods failed", pf, pf > 0 ? "bad" : "");
  if (metric("pods.evicted")) card("Pods evicted", metric("pods.evicted"), "warn");
  if (metric("pods.deletedByController")) card("Pods deleted by controller", metric("pods.deletedByController"));
  card("Retries", metric("retries"));
  if (metric("duration.job.p50") !== null) card("Job duration p50", fmtDur(metric("duration.job.p50")));
  if (metric("duration.job.p99") !== null) card("Job duration p99", fmtDur(metric("duration.job.p99")));
  if (metric("wait.pod.p99") !== null) card("Pod wait p99", fmtDur(metric("wait.pod.p99")));
  if (metric("cluster.utilizationBusy") !== null) card("Utilization (busy period)", Math.round(metric("cluster.utilizationBusy") * 1000) / 10 + "%");
  if (metric("cronjobs.scheduled")) card("Schedule instants", metric("cronjobs.scheduled"));
  root.appendChild(cards);

  var wrong = [];
  D.summary.forEach(function (r) {
    if (r[0].indexOf("jobs.failedByReason.") === 0 && r[1]) wrong.push(r[1] + " Job(s) failed: " + r[0].slice(20));
  });
  [["cronjobs.forbidden", "schedule instant(s) never ran: held back by concurrencyPolicy Forbid"],
   ["cronjobs.missedDeadline", "schedule instant(s) missed their startingDeadlineSeconds"],
   ["cronjobs.superseded", "schedule instant(s) superseded by a later one"],
   ["cronjobs.suspended", "schedule instant(s) fell while the CronJob was suspended"],
   ["deadlines.jobDeadlineExceeded", "Job(s) exceeded activeDeadlineSeconds"],
   ["pods.evicted", "pod(s) evicted"]].forEach(function (p) {
    if (metric(p[0])) wrong.push(fmtNum(metric(p[0])) + " " + p[1]);
  });
  var byThemselves = (metric("pods.failed") || 0) - (metric("pods.evicted") || 0);
  if (byThemselves > 0) wrong.push(fmtNum(byThemselves) + " pod(s) failed by themselves" + (metric("retries") ? "; " + fmtNum(metric("retries")) + " failed attempt(s) were made again" : ""));
  D.skipped.forEach(function (s) { wrong.push("Job " + s.n + " skipped at " + fmtUtc(s.t) + ": " + s.cause); });
  D.cronjobs.forEach(function (c) {
    c.dst.forEach(function (d) { wrong.push("CronJob " + c.n + ": " + d.wall.replace("T", " ") + " " + c.tz + " does not exist (DST): no run that day"); });
  });
  if (wrong.length) {
    root.appendChild(el("h2", null, "What to look at"));
    var ul = el("ul", "wrong");
    wrong.slice(0, 40).forEach(function (w) { ul.appendChild(el("li", null, w)); });
    if (wrong.length > 40) ul.appendChild(el("li", "muted", (wrong.length - 40) + " more"));
    root.appendChild(ul);
  } else {
    root.appendChild(el("div", "muted", "Nothing went wrong: no failed Job or pod, no missed or suspended schedule, no eviction."));
  }
  var det = el("details");
  det.appendChild(el("summary", null, "All " + D.summary.length + " summary metrics"));
  var t = el("table", "metrics");
  D.summary.forEach(function (r) {
    var tr = el("tr");
    tr.appendChild(el("td", null, r[0]));
    tr.appendChild(el("td", "num", r[1] === null ? "" : String(r[1])));
    t.appendChild(tr);
  });
  det.appendChild(t);
  root.appendChild(det);
})();

// ---- shared view -----------------------------------------------------------------------------
var view = D.activity ? { a: D.activity.a, b: D.activity.b } : { a: 0, b: Math.max(H, 1) };
var redraws = [];
function setView(a, b) {
  var span = Math.min(Math.max(b - a, 1), Math.max(H, 1));
  if (a < 0) a = 0;
  if (a + span > Math.max(H, 1)) a = Math.max(H, 1) - span;
  view.a = a; view.b = a + span;
  redraws.forEach(function (f) { f(); });
}
var STEPS = [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400];
function ticks(plotW) {
  var span = view.b - view.a, step = STEPS[STEPS.length - 1];
  for (var k = 0; k < STEPS.length; k++) { if (STEPS[k] / span * plotW >= 80) { step = STEPS[k]; break; } }
  var out = [];
  var first = Math.ceil((START / 1000 + view.a) / step) * step - START / 1000;
  for (var t = first; t <= view.b; t += step) out.push(t);
  return { step: step, list: out };
}
function tickLabel(t, step) {
  var s = isoAt(t);
  if (step >= 86400) return s.slice(5, 10);
  var hm = s.slice(11, step < 60 ? 19 : 16);
  return s.slice(11, 19) === "00:00:00" ? s.slice(5, 10) : hm;
}
function setupCanvas(c, w, h) {
  var r = window.devicePixelRatio || 1;
  c.width = Math.round(w * r); c.height = Math.round(h * r);
  c.style.width = w + "px"; c.style.height = h + "px";
  var ctx = c.getContext("2d");
  ctx.setTransform(r, 0, 0, r, 0, 0);
  return ctx;
}

// ---- timeline --------------------------------------------------------------------------------
// A Job's pods are packed into rows (up to MAX_ROWS; beyond, bars share rows); lanes of many rows are drawn thinner.
var LABEL_W = 190, AXIS_H = 22, CRON_H = 20, MAX_ROWS = 40, DENSITY_H = 22;
function pitchOf(lane) { return lane.rows <= 12 ? 9 : 5; }
function barOf(lane) { return lane.rows <= 12 ? 7 : 4; }
var lanes = [];
var P = D.pods;
var podLane = [], podRow = [];
(function buildLanes() {
  if (P) {
    var laneOfJob = {};
    D.lanes.forEach(function (j, k) {
      laneOfJob[j] = k;
      lanes.push({ label: D.jobs[j].n, job: D.jobs[j], pods: [], rows: 1, y: 0, h: 0 });
    });
    for (var k = 0; k < P.name.length; k++) {
      var li = laneOfJob[P.job[k]];
      if (li === undefined) { podLane.push(-1); podRow.push(0); continue; }
      podLane.push(li); podRow.push(0);
      lanes[li].pods.push(k);
    }
    lanes.forEach(function (lane) {
      var ends = [];
      lane.pods.forEach(function (k) {
        var c = P.c[k], e = P.e[k] === null ? H : P.e[k];
        var row = -1;
        for (var r = 0; r < ends.length; r++) { if (ends[r] <= c) { row = r; break; } }
        if (row < 0 && ends.length < MAX_ROWS) { row = ends.length; ends.push(0); }
        if (row < 0) { row = 0; for (var q = 1; q < ends.length; q++) if (ends[q] < ends[row]) row = q; }
        ends[row] = Math.max(ends[row], e);
        podRow[k] = row;
      });
      lane.rows = Math.max(1, ends.length);
      lane.h = 6 + lane.rows * pitchOf(lane);
    });
  } else if (D.density) {
    D.density.lanes.forEach(function (d) {
      var max = 0; d.running.forEach(function (v) { if (v > max) max = v; });
      lanes.push({ label: d.label, density: d, max: max, y: 0, h: DENSITY_H });
    });
  }
  var y = 0;
  lanes.forEach(function (l) { l.y = y; y += l.h; });
})();
var lanesH = lanes.length ? lanes[lanes.length - 1].y + lanes[lanes.length - 1].h : 0;
var cronH = D.cronjobs.length * CRON_H;
var headH = AXIS_H + cronH;
var scroll = document.getElementById("tl-scroll");
var canvas = document.getElementById("tl-canvas");
var spacer = document.getElementById("tl-spacer");
var canvasH = Math.min(headH + lanesH + 4, Math.max(260, Math.min(620, window.innerHeight - 160)));
spacer.style.height = Math.max(0, headH + lanesH + 4 - canvasH) + "px";
scroll.style.height = canvasH + 2 + "px";
var tlW = 800, ctx = null;
function plotW() { return tlW - LABEL_W - 8; }
function X(t) { return LABEL_W + (t - view.a) / (view.b - view.a) * plotW(); }
function T(x) { return view.a + (x - LABEL_W) / plotW() * (view.b - view.a); }
function resize() {
  tlW = Math.max(500, scroll.clientWidth);
  ctx = setupCanvas(canvas, tlW, canvasH);
  drawTimeline();
}
function truncate(c, text, w) {
  if (c.measureText(text).width <= w) return text;
  var lo = 0, hi = text.length;
  while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (c.measureText(text.slice(0, mid) + "…").width <= w) lo = mid; else hi = mid - 1; }
  return text.slice(0, lo) + "…";
}
function drawTimeline() {
  if (!ctx) return;
  var c = ctx, W = tlW, top = scroll.scrollTop;
  c.clearRect(0, 0, W, canvasH);
  c.fillStyle = "#fff"; c.fillRect(0, 0, W, canvasH);
  var tk = ticks(plotW());
  c.font = "11px system-ui, sans-serif"; c.textBaseline = "middle";
  // Lanes first, clipped below the fixed header.
  c.save();
  c.beginPath(); c.rect(0, headH, W, canvasH - headH); c.clip();
  var y0 = headH - top;
  var lo = 0, hi = lanes.length;
  while (lo < hi) { var mid = (lo + hi) >> 1; if (lanes[mid].y + lanes[mid].h + y0 < headH) lo = mid + 1; else hi = mid; }
  c.strokeStyle = "#eef1f4"; c.lineWidth = 1;
  tk.list.forEach(function (t) { var x = Math.round(X(t)) + 0.5; c.beginPath(); c.moveTo(x, headH); c.lineTo(x, canvasH); c.stroke(); });
  for (var i = lo; i < lanes.length; i++) {
    var lane = lanes[i], ly = lane.y + y0;
    if (ly > canvasH) break;
    if (i % 2 === 1) { c.fillStyle = "#f7f9fb"; c.fillRect(0, ly, W, lane.h); }
    c.fillStyle = lane.job && lane.job.st === "failed" ? "#d43f3a" : "#1d2330";
    c.fillText(truncate(c, lane.label, LABEL_W - 12), 6, ly + Math.min(lane.h, 16) / 2 + 1);
    c.save(); c.beginPath(); c.rect(LABEL_W, ly, W - LABEL_W, lane.h); c.clip();
    if (lane.density) drawDensity(c, lane, ly); else drawBars(c, lane, ly);
    c.restore();
  }
  c.restore();
  // Header: axis and CronJob strips, over the lanes.
  c.fillStyle = "#fafbfc"; c.fillRect(0, 0, W, headH);
  c.strokeStyle = "#dde3ea"; c.beginPath(); c.moveTo(0, headH - 0.5); c.lineTo(W, headH - 0.5); c.stroke();
  c.fillStyle = "#5f6b7a"; c.textAlign = "center";
  tk.list.forEach(function (t) {
    var x = X(t);
    if (x < LABEL_W + 10 || x > W - 20) return;
    c.fillText(tickLabel(t, tk.step), x, AXIS_H / 2);
    c.fillRect(Math.round(x), AXIS_H - 4, 1, 4);
  });
  c.textAlign = "left";
  c.fillText("UTC", 6, AXIS_H / 2);
  D.cronjobs.forEach(function (cj, k) {
    var y = AXIS_H + k * CRON_H;
    c.fillStyle = "#1d2330";
    c.fillText(truncate(c, "CronJob " + cj.n + (cj.tz && cj.tz !== "UTC" ? " · " + cj.tz : ""), LABEL_W - 12), 6, y + CRON_H / 2);
    c.save(); c.beginPath(); c.rect(LABEL_W, y, W - LABEL_W, CRON_H); c.clip();
    if (cj.counts) drawScheduleCounts(c, cj, y);
    var a = lowerBound(cj.t, view.a - (view.b - view.a) * 0.01);
    for (var m = a; m < cj.t.length; m++) {
      var x = X(cj.t[m]);
      if (x > W) break;
      c.fillStyle = MARK_COLOR[MARKS[cj.m[m]]];
      c.fillRect(Math.round(x) - 1, y + 4, 3, CRON_H - 8);
    }
    cj.dst.forEach(function (d) {
      var x = X(d.t);
      c.strokeStyle = MARK_COLOR.dstSkipped; c.lineWidth = 1.5;
      c.beginPath(); c.moveTo(x, y + 3); c.lineTo(x + 5, y + CRON_H / 2); c.lineTo(x, y + CRON_H - 3); c.lineTo(x - 5, y + CRON_H / 2); c.closePath(); c.stroke();
      c.lineWidth = 1;
    });
    c.restore();
  });
  document.getElementById("tl-range").textContent = fmtUtc(view.a) + " → " + fmtUtc(view.b) + "  (" + fmtDur(view.b - view.a) + ")";
}
// Many instants: each interval a column split by outcome, in proportion to its counts.
function drawScheduleCounts(c, cj, y) {
  var w = S.width, h = CRON_H - 8;
  for (var b = 0; b < S.buckets; b++) {
    var x1 = X(b * w), x2 = X((b + 1) * w);
    if (x2 < LABEL_W || x1 > tlW) continue;
    var total = 0;
    for (var m = 0; m < MARKS.length; m++) total += cj.counts[m][b];
    if (!total) continue;
    var yy = y + 4;
    for (var m2 = 0; m2 < MARKS.length; m2++) {
      var n = cj.counts[m2][b];
      if (!n) continue;
      var hh = Math.max(1, h * n / total);
      c.fillStyle = MARK_COLOR[MARKS[m2]];
      c.fillRect(x1, yy, Math.max(1, x2 - x1 - 0.5), hh);
      yy += hh;
    }
  }
}
function lowerBound(arr, t) { var lo = 0, hi = arr.length; while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] < t) lo = mid + 1; else hi = mid; } return lo; }
function drawBars(c, lane, ly) {
  var W = tlW, pitch = pitchOf(lane), BAR_H = barOf(lane);
  lane.pods.forEach(function (k) {
    var cr = P.c[k], end = P.e[k] === null ? H : P.e[k];
    var x1 = X(cr), x2 = X(end);
    if (x2 < LABEL_W || x1 > W) return;
    var y = ly + 3 + podRow[k] * pitch;
    var s = P.s[k];
    var xs = s === null ? x2 : X(s);
    if (xs > x1) { c.fillStyle = POD_COLOR.pending; c.fillRect(x1, y, Math.max(1, xs - x1), BAR_H); }
    if (s !== null) { c.fillStyle = POD_COLOR[POD[P.o[k]]]; c.fillRect(xs, y, Math.max(1.5, x2 - xs), BAR_H); }
    if (P.r[k] > 0) { c.fillStyle = "#1d2330"; c.fillRect(Math.max(x1, x2 - 3), y - 1, 3, BAR_H + 2); }
  });
}
function drawDensity(c, lane, ly) {
  var d = lane.density, w = D.density.width;
  for (var b = 0; b < d.running.length; b++) {
    var x1 = X(b * w), x2 = X((b + 1) * w);
    if (x2 < LABEL_W || x1 > tlW) continue;
    if (d.running[b] > 0) {
      c.fillStyle = "rgba(60,127,214," + (0.15 + 0.85 * d.running[b] / (lane.max || 1)).toFixed(3) + ")";
      c.fillRect(x1, ly + 3, Math.max(1, x2 - x1), DENSITY_H - 9);
    }
    if (d.failed[b] > 0) { c.fillStyle = "#d43f3a"; c.fillRect(x1, ly + DENSITY_H - 5, Math.max(1.5, x2 - x1), 3); }
  }
}
function podAt(x, y) {
  var ly = y - headH + scroll.scrollTop;
  for (var i = 0; i < lanes.length; i++) {
    var lane = lanes[i];
    if (ly < lane.y || ly >= lane.y + lane.h) continue;
    if (lane.density) return { lane: lane };
    var row = Math.floor((ly - lane.y - 3) / pitchOf(lane));
    var best = -1;
    lane.pods.forEach(function (k) {
      if (podRow[k] !== row) return;
      var x1 = X(P.c[k]), x2 = Math.max(X(P.e[k] === null ? H : P.e[k]), x1 + 3);
      if (x >= x1 - 1 && x <= x2 + 1) best = k;
    });
    return { lane: lane, pod: best };
  }
  return null;
}
function cronAt(x, y) {
  var k = Math.floor((y - AXIS_H) / CRON_H);
  if (y < AXIS_H || k < 0 || k >= D.cronjobs.length) return null;
  var cj = D.cronjobs[k], best = null, bestD = 6;
  if (cj.counts) {
    var bk = Math.floor(T(x) / S.width);
    if (bk >= 0 && bk < S.buckets) best = { bucket: bk };
  }
  cj.dst.forEach(function (d) { var dd = Math.abs(X(d.t) - x); if (dd < bestD) { bestD = dd; best = { dst: d }; } });
  var i = lowerBound(cj.t, T(x - 6));
  for (; i < cj.t.length && X(cj.t[i]) <= x + 6; i++) {
    var dd = Math.abs(X(cj.t[i]) - x);
    if (dd < bestD) { bestD = dd; best = { i: i }; }
  }
  return best ? { cj: cj, hit: best } : null;
}
function podLines(k) {
  var job = D.jobs[P.job[k]];
  var out = ["pod " + P.name[k], "Job " + (job ? job.n : "?") + (P.i[k] !== null ? "   index " + P.i[k] : "")];
  var o = POD[P.o[k]];
  var what = POD_LABEL[o];
  if (o === "failed" || o === "evicted") what += (P.x[k] !== null ? ", exit code " + P.x[k] : "") + (P.why[k] ? " (" + P.why[k] + ")" : "");
  out.push("outcome: " + what);
  if (P.node[k]) out.push("node: " + P.node[k]);
  if (P.r[k] > 0) out.push("restarted in place " + P.r[k] + "×");
  // Attempt: its place among the pods of its Job (and index), in creation order.
  var n = 0, of = 0;
  lanes[podLane[k]].pods.forEach(function (q) { if (P.i[q] === P.i[k]) { of++; if (q <= k) n = of; } });
  out.push("attempt " + n + " of " + of + (P.i[k] !== null ? " for index " + P.i[k] : ""));
  out.push("created  " + fmtUtc(P.c[k]));
  if (P.s[k] !== null) out.push("started  " + fmtUtc(P.s[k]) + "  (waited " + fmtDur(P.s[k] - P.c[k]) + ")");
  if (P.e[k] !== null && P.s[k] !== null) out.push("ended    " + fmtUtc(P.e[k]) + "  (ran " + fmtDur(P.e[k] - P.s[k]) + ")");
  if (P.d[k] !== null) out.push("deleted  " + fmtUtc(P.d[k]));
  return out;
}
function onHover(ev) {
  var r = canvas.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
  if (x < LABEL_W && y >= headH) {
    var hit0 = podAt(LABEL_W, y);
    if (hit0 && hit0.lane.job) { showTip(ev.clientX, ev.clientY, jobLines(hit0.lane.job)); return; }
  }
  if (y < headH) {
    var c = cronAt(x, y);
    if (!c) { hideTip(); return; }
    var cj = c.cj;
    if (c.hit.bucket !== undefined) {
      var bl = ["CronJob " + cj.n + (cj.schedule ? "  (" + cj.schedule + ")" : ""), fmtUtc(c.hit.bucket * S.width) + " + " + fmtDur(S.width)];
      MARKS.forEach(function (mk, mi) { if (cj.counts[mi][c.hit.bucket]) bl.push(MARK_LABEL[mk] + ": " + fmtNum(cj.counts[mi][c.hit.bucket])); });
      showTip(ev.clientX, ev.clientY, bl);
      return;
    }
    if (c.hit.dst) {
      showTip(ev.clientX, ev.clientY, ["CronJob " + cj.n + " (" + cj.schedule + ")", "skipped by DST: " + c.hit.dst.wall.replace("T", " ") + " does not exist in " + cj.tz, "transition at " + fmtUtc(c.hit.dst.t)]);
      return;
    }
    var i = c.hit.i, mark = MARKS[cj.m[i]];
    var lines = ["CronJob " + cj.n + (cj.schedule ? "  (" + cj.schedule + ")" : ""), "scheduled " + fmtZone(cj.t[i], cj.tz), "          " + fmtUtc(cj.t[i]), "outcome: " + MARK_LABEL[mark]];
    if (cj.job[i]) lines.push("Job " + cj.job[i] + (cj.late[i] !== null ? ", created " + fmtDur(cj.late[i]) + " after its time" : ""));
    showTip(ev.clientX, ev.clientY, lines);
    return;
  }
  var hit = podAt(x, y);
  if (!hit) { hideTip(); return; }
  if (hit.lane.density) {
    var d = hit.lane.density, b = Math.floor(T(x) / D.density.width);
    if (b < 0 || b >= d.running.length) { hideTip(); return; }
    showTip(ev.clientX, ev.clientY, [d.label + "  (" + d.jobs + " Job(s), " + fmtNum(d.pods) + " pods)", fmtUtc(b * D.density.width) + " +" + fmtDur(D.density.width), "running pods (mean): " + d.running[b], "pods failed: " + d.failed[b]]);
    return;
  }
  if (hit.pod < 0) { hideTip(); return; }
  showTip(ev.clientX, ev.clientY, podLines(hit.pod));
}
function jobLines(j) {
  var out = ["Job " + j.n + (j.ns !== "default" ? "  (" + j.ns + ")" : ""), "state: " + j.st + (j.r ? " (" + j.r + ")" : "")];
  out.push("created " + fmtUtc(j.c));
  if (j.f !== null) out.push("finished " + fmtUtc(j.f) + "  (" + fmtDur(j.f - j.c) + ")");
  out.push("pods succeeded " + j.ok + ", failed " + j.ko + ", retries " + j.rt);
  return out;
}
var drag = null;
canvas.addEventListener("mousemove", function (ev) {
  if (drag) {
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    var per = (drag.b - drag.a) / plotW();
    scroll.scrollTop = drag.top - dy;
    setView(drag.a - dx * per, drag.b - dx * per);
    hideTip();
    return;
  }
  onHover(ev);
});
canvas.addEventListener("mouseleave", hideTip);
canvas.addEventListener("mousedown", function (ev) {
  drag = { x: ev.clientX, y: ev.clientY, a: view.a, b: view.b, top: scroll.scrollTop };
  canvas.classList.add("dragging");
  ev.preventDefault();
});
window.addEventListener("mouseup", function () { drag = null; canvas.classList.remove("dragging"); });
canvas.addEventListener("wheel", function (ev) {
  ev.preventDefault();
  var r = canvas.getBoundingClientRect(), x = ev.clientX - r.left;
  if (ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) {
    var d = (ev.shiftKey ? ev.deltaY : ev.deltaX) / plotW() * (view.b - view.a);
    setView(view.a + d, view.b + d);
    return;
  }
  zoomAt(x < LABEL_W ? LABEL_W + plotW() / 2 : x, Math.pow(1.0015, ev.deltaY));
}, { passive: false });
scroll.addEventListener("scroll", drawTimeline);
function zoomAt(x, f) {
  var t = T(x), a = t - (t - view.a) * f, b = t + (view.b - t) * f;
  setView(a, b);
}
document.getElementById("zoom-in").addEventListener("click", function () { zoomAt(LABEL_W + plotW() / 2, 0.5); });
document.getElementById("zoom-out").addEventListener("click", function () { zoomAt(LABEL_W + plotW() / 2, 2); });
document.getElementById("zoom-reset").addEventListener("click", function () { setView(0, Math.max(H, 1)); });
var fit = document.getElementById("zoom-activity");
if (D.activity) fit.addEventListener("click", function () { setView(D.activity.a, D.activity.b); });
else fit.style.display = "none";
redraws.push(drawTimeline);
(function legend() {
  var lg = document.getElementById("tl-legend");
  function item(color, label, hollow) {
    var s = el("span"); var i = el("i");
    if (hollow) { i.style.border = "1.5px solid " + color; i.style.transform = "rotate(45deg) scale(.8)"; } else i.style.background = color;
    s.appendChild(i); s.appendChild(document.createTextNode(label)); lg.appendChild(s);
  }
  if (P && !D.summaryOnly) {
    // Pending pods are drawn as their wait, whether they started later or never did.
    POD.forEach(function (o) { if (o !== "pending" && (P.o.indexOf(POD.indexOf(o)) >= 0 || o === "succeeded" || o === "failed")) item(POD_COLOR[o], POD_LABEL[o]); });
    item(POD_COLOR.pending, "waiting to start (pending)");
    if (P.r.some(function (r) { return r > 0; })) item("#1d2330", "restarted in place (end tick)");
  } else if (D.density) {
    item("#3c7fd6", "running pods (density)");
    item("#d43f3a", "pod failures");
  }
  var used = {};
  D.cronjobs.forEach(function (c) {
    c.m.forEach(function (m) { used[MARKS[m]] = true; });
    if (c.counts) c.counts.forEach(function (row, m) { if (row.some(function (n) { return n > 0; })) used[MARKS[m]] = true; });
    if (c.dst.length) used.dstSkipped = true;
  });
  MARKS.forEach(function (m) { if (used[m]) item(MARK_COLOR[m], "schedule " + MARK_LABEL[m], m === "dstSkipped"); });
})();
if (!lanes.length && !D.cronjobs.length && !D.summaryOnly) document.getElementById("timeline").appendChild(el("div", "muted", "No Job ran in this report."));
if (D.summaryOnly) document.getElementById("timeline").appendChild(el("div", "muted", "Written with --summary-only: Jobs, pods and events are in jobs.csv, pods.csv and events.csv, not on this page."));

// ---- charts ----------------------------------------------------------------------------------
function cumulative(xs) { var s = 0; return xs.map(function (v) { s += v; return s; }); }
var CHARTS = [
  { id: "pods", title: "Pods running and pending (peak per interval)", kind: "line",
    series: [{ label: "running", color: "#3c7fd6", data: S.runningPeak }, { label: "pending", color: "#e8891d", data: S.pendingPeak }],
    limit: D.allocatableCpu ? null : D.capacityPods },
  D.allocatableCpu && S.cpu
    ? { id: "util", title: "Cluster utilization: cpu requested by running pods / " + fmtNum(D.allocatableCpu / 1000) + " cores allocatable", kind: "area", percent: true,
        series: [{ label: "cpu (mean)", color: "#3c7fd6", data: S.cpu.map(function (v) { return v / D.allocatableCpu; }) }] }
    : { id: "util", title: D.capacityPods ? "Cluster utilization: running pods / " + D.capacityPods + " pod slots" : "Cluster utilization", kind: "area", percent: true,
        series: D.capacityPods ? [{ label: "mean", color: "#3c7fd6", data: S.running.map(function (v) { return v / D.capacityPods; }) }, { label: "peak", color: "#7b4fc4", data: S.runningPeak.map(function (v) { return v / D.capacityPods; }) }] : [] },
  { id: "jobs", title: "Jobs: active, and succeeded / failed so far", kind: "line",
    series: [{ label: "active", color: "#3c7fd6", data: S.jobsActive }, { label: "succeeded", color: "#2f9e5a", data: cumulative(S.jobsSucceeded) }, { label: "failed", color: "#d43f3a", data: cumulative(S.jobsFailed) }] },
  { id: "fail", title: "Pod failures and retries per interval", kind: "bars",
    series: [{ label: "failed", color: "#d43f3a", data: S.podsFailed }, { label: "evicted", color: "#e8891d", data: S.podsEvicted }, { label: "retries", color: "#7b4fc4", data: S.retries }] }
];
var chartEls = [];
CHARTS.forEach(function (ch) {
  var box = el("div", "chart");
  var h = el("h3", null, ch.title);
  box.appendChild(h);
  var lg = el("div", "legend");
  lg.style.marginLeft = "0";
  ch.series.forEach(function (s) { var sp = el("span"); var i = el("i"); i.style.background = s.color; sp.appendChild(i); sp.appendChild(document.createTextNode(s.label)); lg.appendChild(sp); });
  box.appendChild(lg);
  var cv = el("canvas");
  box.appendChild(cv);
  document.getElementById("charts").appendChild(box);
  chartEls.push({ ch: ch, canvas: cv });
  cv.addEventListener("mousemove", function (ev) {
    var r = cv.getBoundingClientRect(), x = ev.clientX - r.left;
    var w = r.width, L = 44, t = view.a + (x - L) / (w - L - 8) * (view.b - view.a);
    var b = Math.floor(t / S.width);
    if (b < 0 || b >= S.buckets || !ch.series.length) { hideTip(); return; }
    var lines = [fmtUtc(b * S.width) + " + " + fmtDur(S.width)];
    ch.series.forEach(function (s) { lines.push(s.label + ": " + (ch.percent ? (Math.round(s.data[b] * 1000) / 10) + "%" : fmtNum(s.data[b]))); });
    showTip(ev.clientX, ev.clientY, lines);
  });
  cv.addEventListener("mouseleave", hideTip);
  cv.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = cv.getBoundingClientRect(), L = 44, w = r.width;
    var t = view.a + (ev.clientX - r.left - L) / (w - L - 8) * (view.b - view.a), f = Math.pow(1.0015, ev.deltaY);
    setView(t - (t - view.a) * f, t + (view.b - t) * f);
  }, { passive: false });
});
function drawCharts() {
  chartEls.forEach(function (ce) {
    var ch = ce.ch, cv = ce.canvas, w = Math.max(300, cv.parentNode.clientWidth), h = 130, L = 44, R = 8, TOP = 6, B = 18;
    var c = setupCanvas(cv, w, h);
    c.fillStyle = "#fff"; c.fillRect(0, 0, w, h);
    c.font = "10px system-ui, sans-serif"; c.textBaseline = "middle";
    var pw = w - L - R, ph = h - TOP - B;
    var b0 = Math.max(0, Math.floor(view.a / S.width)), b1 = Math.min(S.buckets - 1, Math.ceil(view.b / S.width));
    var max = ch.percent ? 1 : 0;
    ch.series.forEach(function (s) { for (var b = b0; b <= b1; b++) if (s.data[b] > max) max = s.data[b]; });
    if (ch.limit && !ch.percent) max = Math.max(max, ch.limit);
    if (max <= 0) max = 1;
    var px = function (t) { return L + (t - view.a) / (view.b - view.a) * pw; };
    var py = function (v) { return TOP + ph - v / max * ph; };
    c.strokeStyle = "#eef1f4"; c.fillStyle = "#5f6b7a"; c.textAlign = "right";
    [0, 0.5, 1].forEach(function (f) {
      var y = Math.round(py(max * f)) + 0.5;
      c.beginPath(); c.moveTo(L, y); c.lineTo(w - R, y); c.stroke();
      c.fillText(ch.percent ? Math.round(max * f * 100) + "%" : fmtNum(Number((max * f).toPrecision(2))), L - 4, y);
    });
    var tk = ticks(pw); c.textAlign = "center";
    tk.list.forEach(function (t) { var x = px(t); if (x > L + 10 && x < w - 20) c.fillText(tickLabel(t, tk.step), x, h - B / 2); });
    c.save(); c.beginPath(); c.rect(L, 0, pw, h); c.clip();
    if (!ch.series.length) { c.restore(); c.textAlign = "left"; c.fillText("no pod capacity in this scenario: pods never wait for room", L + 8, TOP + ph / 2); return; }
    var bw = S.width;
    ch.series.forEach(function (s, si) {
      if (ch.kind === "bars") {
        c.fillStyle = s.color;
        var n = ch.series.length;
        for (var b = b0; b <= b1; b++) {
          if (!s.data[b]) continue;
          var x1 = px(b * bw), x2 = px((b + 1) * bw), bwpx = Math.max(1, (x2 - x1) / n);
          c.fillRect(x1 + si * bwpx, py(s.data[b]), Math.max(1, bwpx - 0.5), py(0) - py(s.data[b]));
        }
        return;
      }
      c.strokeStyle = s.color; c.lineWidth = 1.5; c.beginPath();
      for (var b = b0; b <= b1; b++) {
        var x = px((b + 0.5) * bw), y = py(s.data[b]);
        if (b === b0) c.moveTo(x, y); else c.lineTo(x, y);
      }
      c.stroke();
      if (ch.kind === "area" && si === 0) {
        c.lineTo(px((b1 + 0.5) * bw), py(0)); c.lineTo(px((b0 + 0.5) * bw), py(0)); c.closePath();
        c.fillStyle = "rgba(60,127,214,0.15)"; c.fill();
      }
    });
    if (ch.limit && !ch.percent) {
      c.setLineDash([4, 3]); c.strokeStyle = "#5f6b7a"; c.lineWidth = 1;
      c.beginPath(); c.moveTo(L, py(ch.limit)); c.lineTo(w - R, py(ch.limit)); c.stroke(); c.setLineDash([]);
      c.fillStyle = "#5f6b7a"; c.textAlign = "left"; c.fillText("capacity " + ch.limit, L + 4, py(ch.limit) + 8);
    }
    c.restore();
  });
}
redraws.push(drawCharts);

// ---- Jobs table ------------------------------------------------------------------------------
(function jobsTable() {
  var root = document.getElementById("jobs");
  var bar = el("div", "toolbar");
  var q = el("input"); q.type = "search"; q.placeholder = "filter by name, CronJob or reason"; q.size = 32;
  var st = el("select");
  ["all", "failed", "active", "succeeded", "deleted"].forEach(function (s) { var o = el("option", null, s === "all" ? "all states" : s); o.value = s; st.appendChild(o); });
  var count = el("span", "range");
  bar.appendChild(q); bar.appendChild(st); bar.appendChild(count);
  root.appendChild(bar);
  var wrap = el("div", "table-wrap");
  var table = el("table"); var thead = el("thead"); var tbody = el("tbody");
  var RANK = { failed: 0, active: 1, deleted: 2, succeeded: 3 };
  var COLS = [
    { k: "n", label: "Job", v: function (j) { return j.n; } },
    { k: "cj", label: "CronJob", v: function (j) { return j.cj || ""; } },
    { k: "st", label: "State", v: function (j) { return RANK[j.st]; }, show: function (j) { return j.st; } },
    { k: "r", label: "Reason", v: function (j) { return j.r; } },
    { k: "c", label: "Created (UTC)", v: function (j) { return j.c; }, show: function (j) { return fmtUtc(j.c).slice(0, 19); } },
    { k: "dur", label: "Duration", num: true, v: function (j) { return j.f === null ? -1 : j.f - j.c; }, show: function (j) { return j.f === null ? "" : fmtDur(j.f - j.c); } },
    { k: "ok", label: "Succeeded", num: true, v: function (j) { return j.ok; } },
    { k: "ko", label: "Failed", num: true, v: function (j) { return j.ko; } },
    { k: "rt", label: "Retries", num: true, v: function (j) { return j.rt; } }
  ];
  var sort = { col: 2, asc: true };
  var tr = el("tr");
  COLS.forEach(function (col, i) {
    var th = el("th", col.num ? "num" : "", col.label);
    th.addEventListener("click", function () { sort = { col: i, asc: sort.col === i ? !sort.asc : true }; render(); });
    tr.appendChild(th);
  });
  thead.appendChild(tr);
  table.appendChild(thead); table.appendChild(tbody); wrap.appendChild(table); root.appendChild(wrap);
  var LIMIT = 500;
  function render() {
    var needle = q.value.trim().toLowerCase(), state = st.value;
    var rows = D.jobs.filter(function (j) {
      if (state !== "all" && j.st !== state) return false;
      return !needle || j.n.toLowerCase().indexOf(needle) >= 0 || (j.cj || "").toLowerCase().indexOf(needle) >= 0 || j.r.toLowerCase().indexOf(needle) >= 0;
    });
    var col = COLS[sort.col], dir = sort.asc ? 1 : -1;
    rows.sort(function (a, b) { var x = col.v(a), y = col.v(b); return (x < y ? -1 : x > y ? 1 : a.c - b.c) * (x === y ? 1 : dir); });
    Array.prototype.forEach.call(thead.firstChild.children, function (th, i) { th.classList.toggle("sorted", i === sort.col); th.classList.toggle("asc", i === sort.col && sort.asc); });
    tbody.textContent = "";
    rows.slice(0, LIMIT).forEach(function (j) {
      var r = el("tr");
      COLS.forEach(function (c) {
        var td = el("td", c.num ? "num" : c.k === "st" ? "state " + j.st : "", c.show ? c.show(j) : c.v(j));
        r.appendChild(td);
      });
      tbody.appendChild(r);
    });
    count.textContent = rows.length + " of " + D.jobsTotal + " Job(s)" + (rows.length > LIMIT ? ", first " + LIMIT + " shown" : "") + (D.jobs.length < D.jobsTotal ? " (the page holds the first " + D.jobs.length + ", failed first)" : "");
  }
  q.addEventListener("input", render); st.addEventListener("change", render);
  render();
})();

// ---- dependency graph ------------------------------------------------------------------------
(function deps() {
  var g = D.deps, root = document.getElementById("deps");
  if (!g) { root.parentNode.removeChild(root); return; }
  var NS = "http://www.w3.org/2000/svg", NW = 170, NH = 40, GX = 70, GY = 16;
  var perLayer = {}, pos = [];
  g.nodes.forEach(function (n, k) { var l = n.layer; perLayer[l] = (perLayer[l] || 0); pos[k] = { x: 10 + l * (NW + GX), y: 10 + perLayer[l] * (NH + GY) }; perLayer[l]++; });
  var width = 0, height = 0;
  pos.forEach(function (p) { width = Math.max(width, p.x + NW + 10); height = Math.max(height, p.y + NH + 10); });
  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", width); svg.setAttribute("height", height);
  var onPath = {};
  for (var i = 1; i < g.critical.length; i++) onPath[g.critical[i - 1] + ">" + g.critical[i]] = true;
  var COLOR = { succeeded: "#2f9e5a", failed: "#d43f3a", active: "#3c7fd6", deleted: "#8c96a3", skipped: "#8c96a3", absent: "#c3cddb" };
  g.edges.forEach(function (e) {
    var a = pos[e[0]], b = pos[e[1]], crit = onPath[e[0] + ">" + e[1]];
    var p = document.createElementNS(NS, "path");
    var x1 = a.x + NW, y1 = a.y + NH / 2, x2 = b.x, y2 = b.y + NH / 2, mx = (x1 + x2) / 2;
    p.setAttribute("d", "M" + x1 + "," + y1 + " C" + mx + "," + y1 + " " + mx + "," + y2 + " " + x2 + "," + y2);
    p.setAttribute("fill", "none"); p.setAttribute("stroke", crit ? "#1d2330" : "#b8c2ce"); p.setAttribute("stroke-width", crit ? 3 : 1.5);
    svg.appendChild(p);
  });
  g.nodes.forEach(function (n, k) {
    var p = pos[k], grp = document.createElementNS(NS, "g");
    var r = document.createElementNS(NS, "rect");
    r.setAttribute("x", p.x); r.setAttribute("y", p.y); r.setAttribute("width", NW); r.setAttribute("height", NH); r.setAttribute("rx", 5);
    r.setAttribute("fill", "#fff"); r.setAttribute("stroke", COLOR[n.state] || "#8c96a3"); r.setAttribute("stroke-width", g.critical.indexOf(k) >= 0 ? 3 : 1.5);
    if (n.state === "skipped") r.setAttribute("stroke-dasharray", "4 3");
    var t1 = document.createElementNS(NS, "text"); t1.setAttribute("x", p.x + 8); t1.setAttribute("y", p.y + 16); t1.setAttribute("font-weight", "600"); t1.textContent = n.name;
    var t2 = document.createElementNS(NS, "text"); t2.setAttribute("x", p.x + 8); t2.setAttribute("y", p.y + 31); t2.setAttribute("fill", COLOR[n.state] || "#5f6b7a");
    t2.textContent = n.state + (n.end !== null && n.start !== null ? " · " + fmtDur(n.end - n.start) : "");
    var title = document.createElementNS(NS, "title");
    title.textContent = n.name + ": " + n.state + (n.start !== null ? "\ncreated " + fmtUtc(n.start) : "") + (n.end !== null ? "\nfinished " + fmtUtc(n.end) : "") + (n.cause ? "\n" + n.cause : "");
    grp.appendChild(title); grp.appendChild(r); grp.appendChild(t1); grp.appendChild(t2); svg.appendChild(grp);
  });
  var cap = el("div", "hint");
  if (g.critical.length) {
    var first = g.nodes[g.critical[0]], last = g.nodes[g.critical[g.critical.length - 1]];
    cap.textContent = "Critical path (bold): " + g.critical.map(function (k) { return g.nodes[k].name; }).join(" → ") + ", " + fmtDur(last.end - first.start) + " from the first Job's creation to the last one's finish.";
  } else cap.textContent = "No Job of the pipeline finished.";
  var wrapper = el("div"); wrapper.style.overflowX = "auto"; wrapper.appendChild(svg);
  root.appendChild(wrapper); root.appendChild(cap);
})();

if (D.summaryOnly) {
  ["over-time", "jobs"].forEach(function (id) { var s = document.getElementById(id); if (s) s.parentNode.removeChild(s); });
}

// ---- start -----------------------------------------------------------------------------------
function resizeAll() { resize(); drawCharts(); }
window.addEventListener("resize", resizeAll);
resizeAll();
var barCount = P ? podLane.filter(function (l) { return l >= 0; }).length : 0;
window.jobsim = {
  laneCount: lanes.length,
  barCount: barCount,
  cronMarkCount: D.cronjobs.reduce(function (a, c) {
    var counted = c.counts ? c.counts.reduce(function (x, row) { return x + row.reduce(function (y, n) { return y + n; }, 0); }, 0) : 0;
    return a + c.t.length + c.dst.length + counted;
  }, 0),
  view: function () { return [view.a, view.b]; },
  zoom: function (f) { zoomAt(LABEL_W + plotW() / 2, f); },
  /** Client coordinates of a CronJob's schedule mark (instant k of CronJob c), brought into view. */
  markPoint: function (c, k) {
    var cj = D.cronjobs[c];
    if (!cj || k >= cj.t.length) return null;
    var span = Math.max(60, (cj.t[Math.min(k + 1, cj.t.length - 1)] - cj.t[Math.max(k - 1, 0)]) * 2);
    setView(cj.t[k] - span / 2, cj.t[k] + span / 2);
    var r = canvas.getBoundingClientRect();
    return { x: r.left + X(cj.t[k]), y: r.top + AXIS_H + c * CRON_H + CRON_H / 2 };
  },
  /** Client coordinates of the middle of a pod's bar, scrolled into view; null when not drawn. */
  podPoint: function (name) {
    if (!P) return null;
    var k = P.name.indexOf(name);
    if (k < 0 || podLane[k] < 0) return null;
    var lane = lanes[podLane[k]];
    scroll.scrollTop = Math.max(0, lane.y - 10);
    drawTimeline();
    var s = P.s[k] === null ? P.c[k] : P.s[k], e = P.e[k] === null ? H : P.e[k];
    setView(Math.max(0, s - (e - s)), e + (e - s) + 1);
    var r = canvas.getBoundingClientRect();
    var x = (Math.max(X(s), LABEL_W) + Math.min(X(e), tlW)) / 2;
    return { x: r.left + x, y: r.top + headH + lane.y - scroll.scrollTop + 3 + podRow[k] * pitchOf(lane) + barOf(lane) / 2 };
  }
};
document.body.setAttribute("data-ready", "1");
})();
`;
