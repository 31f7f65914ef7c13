/**
 * A report folder replaced as a whole. Every file of a run is written into a staging folder
 * beside the target (`<out>.jobsim-staging-<pid>-<n>`), synced, and then swapped in by two
 * renames: the old folder to `<out>.jobsim-trash-<pid>-<n>`, the staging folder to `<out>`; the
 * trash is removed last. A reader therefore sees the old report or the new one, never a mix.
 *
 * A process killed on the way leaves one of these states, which the next run writing to the
 * same `<out>` repairs before it starts (folders of a run whose pid is still alive are left alone):
 * - killed while writing: `<out>` intact, a staging folder: the staging folder is removed;
 * - killed between the two renames: no `<out>`, a trash folder with the old report and a
 *   staging folder: the trash is renamed back to `<out>` and the staging folder removed;
 * - killed before the trash was removed: `<out>` new, a trash folder: the trash is removed.
 * Two runs writing the same `<out>` at once each swap in a whole report; the last one wins.
 */
import {
  closeSync,
  existsSync,
  fsync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { asReportWriteError, errorCode, ReportWriteError } from "./errors.js";

/** The folder a run writes its files into, and how to publish or drop it. */
export interface StagedReportFolder {
  /** The report folder the user named (absolute, a symbolic link resolved to its target). */
  readonly out: string;
  /** Where to write the files; invisible under `out` until {@link StagedReportFolder.commit}. */
  readonly staging: string;
  /** Sync the staging folder and every file in it, one after another, and swap it in for `out`. */
  commit(): void;
  /**
   * {@link StagedReportFolder.commit} with the files synced at the same time: the file system
   * then writes them out in one journal commit instead of one per file, which is most of a small
   * report's writing time. The durability is the same: nothing is swapped in before all of it
   * is on disk.
   */
  commitAsync(): Promise<void>;
  /** Remove the staging folder and any parent folder created for it. Idempotent. */
  abort(): void;
}

/** Temporary files of a single report file, as earlier versions left them when killed. */
const LEGACY_TEMP_ENTRY = /^\.(?:report\.json|[a-z]+\.csv)\.\d+\.\d+\.tmp$/;
const SIDE_FOLDER = /^\.jobsim-(staging|trash)-(\d+)-(\d+)$/;

let serial = 0;

/**
 * Check that a report may be written to `outArg`, repair what a killed run left there, and
 * create the staging folder. `reportFiles` are the names a report folder holds: a folder with
 * anything else in it is not replaced. Throws {@link ReportWriteError} when `outArg` is a file,
 * a folder holding other files, or a place that cannot be created or written.
 */
export function stageReportFolder(outArg: string, reportFiles: readonly string[]): StagedReportFolder {
  let out: string;
  try {
    out = resolveOut(outArg);
  } catch (error) {
    throw asWriteError(error, path.resolve(outArg));
  }
  const parent = path.dirname(out);
  const created = makeFolders(parent, out);
  const stagingDir = sidePath(out, "staging");
  try {
    recoverStale(out);
    checkReplaceable(out, reportFiles);
    mkdirSync(stagingDir);
  } catch (error) {
    removeCreated(created);
    throw asWriteError(error, out);
  }
  let done = false;
  return {
    out,
    staging: stagingDir,
    commit() {
      if (done) throw new Error(`report folder ${out} committed or aborted already`);
      done = true;
      try {
        for (const entry of syncTargets(stagingDir)) syncEntry(entry);
        swapIn(stagingDir, out);
      } catch (error) {
        rmSync(stagingDir, { recursive: true, force: true });
        throw asReportWriteError(error, out);
      }
    },
    async commitAsync() {
      if (done) throw new Error(`report folder ${out} committed or aborted already`);
      done = true;
      try {
        await Promise.all(syncTargets(stagingDir).map(syncEntryAsync));
        swapIn(stagingDir, out);
      } catch (error) {
        rmSync(stagingDir, { recursive: true, force: true });
        throw asReportWriteError(error, out);
      }
    },
    abort() {
      if (done) return;
      done = true;
      rmSync(stagingDir, { recursive: true, force: true });
      removeCreated(created);
    },
  };
}

/** `outArg` made absolute, through a symbolic link at its end; refuses a file. */
function resolveOut(outArg: string): string {
  let out = path.resolve(outArg);
  if (out === path.dirname(out)) throw new ReportWriteError(out, `cannot use ${out} as a report folder`);
  let isLink = false;
  try {
    isLink = lstatSync(out).isSymbolicLink();
  } catch {
    return out; // nothing there yet
  }
  if (isLink) {
    try {
      out = realpathSync(out);
    } catch {
      throw new ReportWriteError(out, `${outArg} is a symbolic link to nothing`);
    }
  }
  const stat = statSync(out);
  if (!stat.isDirectory()) {
    throw new ReportWriteError(out, `${outArg} is a file, not a folder: name a folder for the report`);
  }
  // A mount point cannot be renamed aside (EBUSY): say so before simulating.
  if (stat.dev !== statSync(path.dirname(out)).dev) {
    throw new ReportWriteError(
      out,
      `${outArg} is a mount point; a report replaces its whole folder, so name a folder inside it`,
    );
  }
  return out;
}

/**
 * Walk up from `dir` to the nearest folder that exists: returns it and the missing folders
 * below it, outermost first. Throws ReportWriteError (about `target`, with `purpose` in the
 * message) when a file stands in the way, and maps other file-system errors likewise.
 */
export function nearestExistingFolder(
  dir: string,
  target: string,
  purpose: string,
): { existing: string | null; missing: string[] } {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(at);
    } catch (error) {
      // ENOTDIR: a file further up, which the walk reaches and names.
      const code = errorCode(error);
      if (code !== "ENOENT" && code !== "ENOTDIR") throw asWriteError(error, target);
    }
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw new ReportWriteError(target, `${purpose}: ${at} is not a folder`);
      return { existing: at, missing };
    }
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) return { existing: null, missing };
    at = up;
  }
}

/**
 * Create `dir` (the parent of `out`) and its missing parents one level at a time (Node's
 * recursive mkdir loops forever under /proc); returns the folders created, outermost first.
 */
function makeFolders(dir: string, out: string): string[] {
  const { missing } = nearestExistingFolder(dir, out, `cannot create ${out}`);
  const created: string[] = [];
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      removeCreated(created);
      throw asWriteError(error, out);
    }
    created.push(folder);
  }
  return created;
}

/** Remove the folders {@link makeFolders} created, innermost first, as long as they are empty. */
function removeCreated(created: readonly string[]): void {
  for (const folder of [...created].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      return; // something else lives there now: keep it
    }
  }
}

/**
 * A file-system error while preparing the report folder `out`, as the user's to fix: any code
 * (ENOENT under /proc, say) means the place cannot hold a report, never a fault of jobsim.
 */
function asWriteError(error: unknown, out: string): unknown {
  const mapped = asReportWriteError(error, out);
  if (mapped !== error) return mapped;
  const code = errorCode(error);
  return code === undefined
    ? error
    : new ReportWriteError(out, `cannot create a report folder at ${out} (${code})`);
}

/** `<out>.jobsim-<kind>-<pid>-<n>`, a name no other run uses. */
function sidePath(out: string, kind: "staging" | "trash"): string {
  return `${out}.jobsim-${kind}-${process.pid}-${serial++}`;
}

/** True while a process with this id exists (one we may not signal exists too). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === "EPERM";
  }
}

/** Repair what dead runs left beside `out` (see the module comment). */
function recoverStale(out: string): void {
  const parent = path.dirname(out);
  const prefix = path.basename(out);
  const stale = { staging: [] as string[], trash: [] as string[] };
  for (const name of readdirSync(parent).sort()) {
    if (!name.startsWith(prefix)) continue;
    const m = SIDE_FOLDER.exec(name.slice(prefix.length));
    if (m === null || isAlive(Number(m[2]))) continue;
    stale[m[1] as "staging" | "trash"].push(path.join(parent, name));
  }
  for (const trash of stale.trash) {
    // Killed between the renames: the trash holds the last complete report.
    if (!existsSync(out)) renameSync(trash, out);
    else rmSync(trash, { recursive: true, force: true });
  }
  for (const staging of stale.staging) rmSync(staging, { recursive: true, force: true });
}

/** Refuse to replace a folder that holds anything but report files. */
function checkReplaceable(out: string, reportFiles: readonly string[]): void {
  if (!existsSync(out)) return;
  const foreign = readdirSync(out)
    .filter((name) => !reportFiles.includes(name) && !LEGACY_TEMP_ENTRY.test(name))
    .sort();
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 3).join(", ") + (foreign.length > 3 ? ", ..." : "");
  throw new ReportWriteError(
    out,
    `${out} holds files that are not a jobsim report (${shown}); a report replaces its whole folder, so name a new or empty folder`,
  );
}

/** A file or folder to sync before a swap: its path, and whether it is a folder. */
interface SyncTarget {
  readonly path: string;
  readonly folder: boolean;
}

/**
 * Everything under `staging` that must be on disk before it is swapped in: each file (written
 * without a sync of its own, see AtomicFile), each folder (its entries) and `staging` itself.
 */
function syncTargets(staging: string): SyncTarget[] {
  const targets: SyncTarget[] = [{ path: staging, folder: true }];
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i]!;
    if (!target.folder) continue;
    for (const entry of readdirSync(target.path, { withFileTypes: true })) {
      if (entry.isFile() || entry.isDirectory()) {
        targets.push({ path: path.join(target.path, entry.name), folder: entry.isDirectory() });
      }
    }
  }
  return targets;
}

/** Open `target` for a sync: a file for writing (Windows flushes only a writable handle). */
function openForSync(target: SyncTarget): number {
  return openSync(target.path, target.folder ? "r" : "r+");
}

function syncEntry(target: SyncTarget): void {
  const fd = openForSync(target);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync on libuv's thread pool, so several run at once. */
function syncEntryAsync(target: SyncTarget): Promise<void> {
  const fd = openForSync(target);
  return new Promise<void>((resolve, reject) => {
    fsync(fd, (error) => {
      closeSync(fd);
      if (error === null) resolve();
      else reject(error);
    });
  });
}

/** Rename `out` aside and the synced `staging` into its place, remove the old folder. */
function swapIn(staging: string, out: string): void {
  const trashes: string[] = [];
  // A concurrent run may put its own folder at `out` between our renames: move it aside too.
  for (let attempt = 0; ; attempt++) {
    if (existsSync(out)) {
      const trash = sidePath(out, "trash");
      try {
        renameSync(out, trash);
        trashes.push(trash);
      } catch (error) {
        if (errorCode(error) !== "ENOENT") throw error;
      }
    }
    try {
      renameSync(staging, out);
      break;
    } catch (error) {
      const code = errorCode(error);
      if (attempt < 3 && (code === "ENOTEMPTY" || code === "EEXIST")) continue;
      // Put the old report back rather than leave no report at all.
      if (trashes.length > 0 && !existsSync(out)) renameSync(trashes.pop()!, out);
      throw error;
    }
  }
  syncEntry({ path: path.dirname(out), folder: true });
  for (const trash of trashes) rmSync(trash, { recursive: true, force: true });
}
