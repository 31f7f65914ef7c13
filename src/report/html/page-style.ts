/** The stylesheet of report.html, inlined in its <style> element. */
export const PAGE_STYLE = `
:root { --fg:#1d2330; --muted:#5f6b7a; --line:#dde3ea; --bg:#f6f8fa; --card:#fff;
  --ok:#2f9e5a; --bad:#d43f3a; --warn:#e8891d; --grey:#8c96a3; --run:#3c7fd6; --pend:#c3cddb; --purple:#7b4fc4; }
* { box-sizing: border-box; }
body { margin:0; font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
header { padding:14px 24px 10px; background:var(--card); border-bottom:1px solid var(--line); }
header h1 { margin:0 0 2px; font-size:18px; font-weight:600; }
header .meta { color:var(--muted); }
main { padding:12px 24px 40px; }
section { background:var(--card); border:1px solid var(--line); border-radius:6px; margin:0 0 14px; padding:12px 16px; }
section h2 { margin:0 0 8px; font-size:14px; font-weight:600; }
.cards { display:flex; flex-wrap:wrap; gap:8px; margin-bottom:8px; }
.card { border:1px solid var(--line); border-radius:5px; padding:6px 10px; min-width:110px; }
.card .v { font-size:18px; font-weight:600; font-variant-numeric:tabular-nums; }
.card .k { color:var(--muted); font-size:11px; }
.card.bad .v { color:var(--bad); } .card.warn .v { color:var(--warn); } .card.ok .v { color:var(--ok); }
ul.wrong { margin:4px 0 8px; padding-left:18px; } ul.wrong li { margin:1px 0; }
.toolbar { display:flex; align-items:center; gap:6px; margin-bottom:6px; flex-wrap:wrap; }
button { font:inherit; border:1px solid var(--line); background:#fff; border-radius:4px; padding:2px 9px; cursor:pointer; }
button:hover { background:#eef2f6; }
.range { color:var(--muted); margin-left:6px; font-variant-numeric:tabular-nums; }
.legend { display:flex; flex-wrap:wrap; gap:10px; color:var(--muted); font-size:12px; margin-left:auto; }
.legend i { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:4px; vertical-align:-1px; }
.tl-scroll { position:relative; overflow-y:auto; border:1px solid var(--line); border-radius:4px; }
.tl-scroll canvas { position:sticky; top:0; display:block; cursor:grab; }
.tl-scroll canvas.dragging { cursor:grabbing; }
.hint { color:var(--muted); font-size:11px; margin-top:4px; }
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(420px,1fr)); gap:10px; }
.chart h3 { margin:0 0 2px; font-size:12px; font-weight:600; }
.chart canvas { display:block; width:100%; height:130px; }
#tooltip { position:fixed; pointer-events:none; background:#1d2330; color:#fff; padding:6px 9px; border-radius:4px;
  font-size:12px; line-height:1.4; white-space:pre; z-index:10; display:none; max-width:480px; box-shadow:0 2px 8px rgba(0,0,0,.25); }
table { border-collapse:collapse; width:100%; font-variant-numeric:tabular-nums; }
th, td { text-align:left; padding:3px 8px; border-bottom:1px solid var(--line); white-space:nowrap; }
th { cursor:pointer; user-select:none; background:#fafbfc; position:sticky; top:0; }
th.sorted::after { content:" \\25BE"; } th.sorted.asc::after { content:" \\25B4"; }
td.num, th.num { text-align:right; }
.state { font-weight:600; } .state.failed { color:var(--bad); } .state.succeeded { color:var(--ok); }
.state.active { color:var(--run); } .state.deleted { color:var(--grey); }
.table-wrap { max-height:480px; overflow:auto; border:1px solid var(--line); border-radius:4px; }
input[type=search], select { font:inherit; padding:2px 6px; border:1px solid var(--line); border-radius:4px; }
details summary { cursor:pointer; color:var(--muted); margin-top:6px; }
.metrics td:first-child { font-family:ui-monospace,Menlo,Consolas,monospace; font-size:12px; }
.muted { color:var(--muted); }
svg text { font:12px system-ui,sans-serif; }
`;
