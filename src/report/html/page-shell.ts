/**
 * The frame every jobsim page shares: a self-contained document whose Content-Security-Policy
 * forbids any network access (no fetch, no remote script, style or image), so a report opened
 * from disk shows only what it embeds. The body and the embedded data are the caller's.
 */
import { escapeHtml, jsonForScript } from "./embed-json.js";
import { PAGE_STYLE } from "./page-style.js";

export interface PageShell {
  /** What the browser tab says, as text (escaped here). */
  title: string;
  /** The page's heading, as text (escaped here). */
  heading: string;
  /** The line under the heading, as text (escaped here). */
  meta: string;
  /** Style added after the shared stylesheet. */
  extraStyle?: string;
  /** The page's sections, as HTML. */
  body: string;
  /** The id of the JSON data element the script reads, and the data. */
  dataId: string;
  data: unknown;
  script: string;
}

export function renderPageShell(page: PageShell): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(page.title)}</title>
<style>${PAGE_STYLE}${page.extraStyle ?? ""}</style>
</head>
<body>
<header><h1>${escapeHtml(page.heading)}</h1><div class="meta">${escapeHtml(page.meta)}</div></header>
<main>
${page.body}
</main>
<div id="tooltip"></div>
<script type="application/json" id="${page.dataId}">${jsonForScript(page.data)}</script>
<script>${page.script}</script>
</body>
</html>
`;
}
