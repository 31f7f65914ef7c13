/** `sim validate`: check a scenario, and every point of its sweep grid, without running it. */
import { EXIT_OK, type Output } from "./output.js";
import { checkRunSize, loadGrid, scenarioSource, warn } from "./scenario-input.js";

export async function cmdValidate(io: Output, file: string, set: readonly string[]): Promise<number> {
  const { shown, text } = await scenarioSource(io, file, false);
  // Every point of the grid is checked as a scenario; without a grid the one point is the scenario.
  const grid = loadGrid(shown, { set, ...(text === undefined ? {} : { text }) });
  const scenario = grid.base;
  warn(io, grid.warnings);
  checkRunSize(io, scenario, undefined);
  io.out(
    `${scenario.file}: valid (${scenario.jobs.length} Job(s), ${scenario.cronJobs.length} CronJob(s), ` +
      `${scenario.simulation.workloads.length} workload(s), ${scenario.simulation.actions.length} action(s))\n`,
  );
  if (scenario.sweep !== undefined || set.length > 0) {
    io.out(`${scenario.file}: sweep grid of ${grid.points.length} point(s), every one valid\n`);
  }
  return EXIT_OK;
}
