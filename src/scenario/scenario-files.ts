/**
 * The files of one scenario. Every file a scenario names (spec.manifests, an empirical CSV) is
 * resolved against the folder that holds the scenario file and must stay inside that folder's
 * tree once symbolic links are followed (realpath); only regular files are read, within a
 * size limit per file and in total, and a manifests folder walk looks at a bounded number of
 * entries. Messages name paths and limits, never a file's content.
 */
import { posix } from "node:path";
import { isFileReadError } from "../io/read-regular-file.js";
import {
  formatBytes,
  MAX_DATA_FILE_BYTES,
  MAX_MANIFEST_ENTRIES,
  MAX_SCENARIO_BYTES,
  MAX_YAML_FILE_BYTES,
} from "./limits.js";

/** How the files are reached; loadScenario passes the real file system or a test's. */
export interface FileAccess {
  /** The file's text; throws when it cannot (a FileReadError for the real file system). */
  readFile(path: string, maxBytes: number): string;
  /** Entry names (folders with a trailing "/"), at most `maxEntries` + 1; null when not a folder. */
  readDir(path: string, maxEntries: number): string[] | null;
  /** The path with every symbolic link resolved; throws when it does not exist. */
  realpath(path: string): string;
}

/** A file named by the scenario: the path shown to the user and the resolved one that is read. */
export interface NamedFile {
  path: string;
  real: string;
}

export type ReadResult = { text: string } | { error: string };

export class ScenarioFiles {
  private bytesRead = 0;
  private entriesSeen = 0;
  /** Real paths already read, so a file reached twice (or the scenario itself) loads once. */
  private readonly loaded = new Set<string>();

  private constructor(
    private readonly access: FileAccess,
    /** The real path of the folder holding the scenario file. */
    private readonly root: string,
    /** Why a path outside that folder is refused: `is outside ...`, for messages. */
    private readonly outside: string,
  ) {}

  /**
   * A scenario read from standard input (`sim run -`): its files resolve against the current
   * folder and must stay inside its tree; the text counts toward the limits as a file would.
   */
  static fromText(
    text: string,
    access: FileAccess,
  ): { files: ScenarioFiles; text: string } | { error: string } {
    let root: string;
    try {
      root = access.realpath(".");
    } catch (err) {
      return { error: `cannot read the current folder: ${problemOf(err)}` };
    }
    const files = new ScenarioFiles(
      access,
      root,
      "is outside the current folder (./): a scenario read from standard input may name only files inside the current folder, symbolic links included",
    );
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > MAX_YAML_FILE_BYTES)
      return {
        error: `cannot read the scenario: is larger than the ${formatBytes(MAX_YAML_FILE_BYTES)} limit`,
      };
    files.bytesRead += bytes;
    return { files, text };
  }

  /** Read the scenario file itself (named by the user, so not confined) and fix the folder tree. */
  static open(file: string, access: FileAccess): { files: ScenarioFiles; text: string } | { error: string } {
    const shown = posix.dirname(file);
    let root: string;
    try {
      root = access.realpath(shown);
    } catch (err) {
      return { error: `cannot read the scenario: ${problemOf(err)}` };
    }
    const files = new ScenarioFiles(
      access,
      root,
      `is outside the scenario's folder (${shown}/): a scenario may name only files inside the folder that holds it, symbolic links included`,
    );
    const read = files.read(file, MAX_YAML_FILE_BYTES);
    if ("problem" in read) return { error: `cannot read the scenario: ${read.problem}` };
    try {
      files.loaded.add(access.realpath(file));
    } catch {
      // Read a moment ago; a file that vanished since cannot be read twice either.
    }
    return { files, text: read.text };
  }

  /** A data file (an empirical CSV) named in `fromFile`. */
  readData(fromFile: string, rel: string): ReadResult {
    const named = this.resolve(fromFile, rel);
    return "error" in named ? named : this.readNamed(named, MAX_DATA_FILE_BYTES);
  }

  /**
   * A spec.manifests entry: the file it names, or the .yaml/.yml files under the folder it names,
   * recursively in lexical (code point) order; files already loaded are left out.
   */
  manifestFiles(fromFile: string, rel: string): { files: NamedFile[]; errors: string[] } {
    const start = this.resolve(fromFile, rel);
    if ("error" in start) return { files: [], errors: [start.error] };
    const files: NamedFile[] = [];
    const errors: string[] = [];
    const visited = new Set<string>();
    const pending: { named: NamedFile; isDir: boolean | null }[] = [{ named: start, isDir: null }];
    while (pending.length > 0) {
      const { named, isDir } = pending.pop()!;
      const entries = isDir === false ? null : this.list(named.real);
      if (entries === "too-many") {
        errors.push(
          `more than ${MAX_MANIFEST_ENTRIES} files and folders under spec.manifests (the limit); name smaller folders`,
        );
        break;
      }
      if (entries === null) {
        if (isDir === true) continue;
        if (!this.loaded.has(named.real)) {
          this.loaded.add(named.real);
          files.push(named);
        }
        continue;
      }
      if (visited.has(named.real)) continue; // a link back up the tree
      visited.add(named.real);
      const children: { named: NamedFile; isDir: boolean }[] = [];
      for (const name of [...entries].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        const folder = name.endsWith("/");
        if (!folder && !/\.ya?ml$/.test(name)) continue;
        const bare = name.replace(/\/+$/, "");
        const child = this.confine(posix.join(named.path, bare), posix.join(named.real, bare));
        if ("error" in child) errors.push(child.error);
        else children.push({ named: child, isDir: folder });
      }
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
    }
    return { files, errors };
  }

  /** Read a manifests file found by manifestFiles. */
  readManifest(named: NamedFile): ReadResult {
    return this.readNamed(named, MAX_YAML_FILE_BYTES);
  }

  private list(real: string): string[] | null | "too-many" {
    const left = MAX_MANIFEST_ENTRIES - this.entriesSeen;
    let entries: string[] | null;
    try {
      entries = this.access.readDir(real, left);
    } catch {
      return null; // reading it as a file reports the problem with its path
    }
    if (entries === null) return null;
    this.entriesSeen += entries.length;
    return this.entriesSeen > MAX_MANIFEST_ENTRIES ? "too-many" : entries;
  }

  /** `rel` relative to the folder of `fromFile` (absolute as given), kept inside the tree. */
  private resolve(fromFile: string, rel: string): NamedFile | { error: string } {
    const path = posix.isAbsolute(rel) ? rel : posix.join(posix.dirname(fromFile), rel);
    return this.confine(path, path);
  }

  private confine(path: string, unresolved: string): NamedFile | { error: string } {
    let real: string;
    try {
      real = this.access.realpath(unresolved);
    } catch (err) {
      return { error: `cannot read ${path}: ${problemOf(err)}` };
    }
    const rel = posix.relative(this.root, real);
    if (rel === ".." || rel.startsWith("../") || posix.isAbsolute(rel)) {
      return {
        error: `cannot read ${path}: ${this.outside}`,
      };
    }
    return { path, real };
  }

  private readNamed(named: NamedFile, perFile: number): ReadResult {
    const read = this.read(named.real, perFile);
    return "problem" in read ? { error: `cannot read ${named.path}: ${read.problem}` } : read;
  }

  /** Read within the file's own limit and what is left of the scenario's total. */
  private read(real: string, perFile: number): { text: string } | { problem: string } {
    const left = MAX_SCENARIO_BYTES - this.bytesRead;
    const limit = Math.min(perFile, left);
    const tooLarge = {
      problem:
        limit < perFile
          ? `the scenario's files together are larger than the ${formatBytes(MAX_SCENARIO_BYTES)} limit`
          : `is larger than the ${formatBytes(perFile)} limit`,
    };
    let text: string;
    try {
      text = this.access.readFile(real, limit);
    } catch (err) {
      return isFileReadError(err) && err.problem === "too-large" ? tooLarge : { problem: problemOf(err) };
    }
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > limit) return tooLarge;
    this.bytesRead += bytes;
    return { text };
  }
}

/** Why a file could not be reached, in a few words and without its content. */
function problemOf(err: unknown): string {
  if (isFileReadError(err)) return err.message;
  const code = err !== null && typeof err === "object" && "code" in err ? String(err.code) : undefined;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "ENOTDIR") return "a part of the path is not a folder";
  if (code === "EISDIR") return "is a folder, not a file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ELOOP") return "too many levels of symbolic links";
  return code === undefined ? "cannot read it" : `cannot read it (${code})`;
}
