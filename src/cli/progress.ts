import cliProgress from "cli-progress";

/** A progress display on stderr, only when stderr is a terminal; the sole wall-clock reader. */
export interface Progress {
  update(fraction: number): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/**
 * A bar for runs long enough to need one: nothing is drawn during the first half second
 * (wall time, which cannot affect results: it only decides whether to draw).
 */
export function createProgress(enabled: boolean, label: string): Progress {
  if (!enabled || !process.stderr.isTTY) return SILENT;
  const startedAt = Date.now(); // wall-clock-ok: display only
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(fraction) {
      if (bar === null) {
        if (Date.now() - startedAt < 500) return; // wall-clock-ok: display only
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${label} [{bar}] {percentage}% | {eta_formatted} left`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(100, 0);
      }
      bar.update(Math.round(fraction * 100));
    },
    stop() {
      bar?.stop();
    },
  };
}
