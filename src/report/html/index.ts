/** report.html: the page generator and the scenario facts it draws beyond report.json. */
export { EMPTY_PAGE_CONTEXT, type PageContext, pageContextOf } from "./context.js";
export { renderReportHtml } from "./render-page.js";
