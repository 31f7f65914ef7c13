/** `sim explain`: the story of one Job, pod or CronJob instant of a full report. */
import { explain } from "../explain/explain.js";
import { renderStoryJson, renderStoryText } from "../explain/story.js";
import { readReportFile } from "../report/read-report.js";
import { EXIT_OK, type Output } from "./output.js";

export function cmdExplain(io: Output, report: string, target: string, format: string): number {
  const story = explain(readReportFile(report), target);
  io.out(format === "json" ? renderStoryJson(story) : renderStoryText(story));
  return EXIT_OK;
}
