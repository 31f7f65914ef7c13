/**
 * The documentation stands alone: README.md and docs/*.md point at nothing outside the
 * repository, every relative link names a file (and heading) that exists, and neither src/ nor
 * test/ cites a section of a document the repository does not have.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One problem found in a Markdown file: `file:line: message`. */
type Problem = string;

/** README.md and every .md file under docs/, as paths relative to the root. */
function markdownFiles(root: string): string[] {
  const out = ["README.md"];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) walk(child);
      else if (e.name.endsWith(".md")) out.push(child);
    }
  };
  if (existsSync(path.join(root, "docs"))) walk("docs");
  return out.sort();
}

/** Link targets of inline links `[text](target "title")`, images included, and reference definitions. */
function linkTargets(line: string): string[] {
  const targets: string[] = [];
  for (const m of line.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1]!);
  const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(line);
  if (def) targets.push(def[1]!);
  return targets;
}

/**
 * Why `token` names a place outside the repository, or null. A relative path is resolved from
 * each of `bases` (folders relative to `root`) and must stay inside the root from all of them.
 */
function outsidePath(token: string, bases: readonly string[], root: string): string | null {
  if (/^(?:file:\/\/|~\/|[A-Za-z]:[\\/])/.test(token) || token.startsWith("/")) return "an absolute path";
  if (!token.startsWith("../") && !token.includes("/../") && token !== "..") return null;
  for (const base of bases) {
    const rel = path.relative(root, path.resolve(root, base, token));
    if (rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel))
      return "a path outside the repository";
  }
  return null;
}

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/**
 * Problems of one Markdown file (`rel`, relative to `root`; `text` its content): links or paths
 * leaving the repository, absolute paths, and relative links to missing files or headings.
 */
function checkMarkdown(
  root: string,
  rel: string,
  text: string,
  read: (p: string) => string | null,
): Problem[] {
  const problems: Problem[] = [];
  const dir = path.posix.dirname(rel);
  text.split("\n").forEach((line, i) => {
    const at = `${rel}:${i + 1}`;
    // Any path-like token, in a link, in code or in prose.
    for (const m of line.matchAll(/(?:^|[\s`'"(<[])((?:\.\.\/|\/|~\/|file:\/\/)[^\s`'")>\]]*)/g)) {
      const token = m[1]!;
      // A link target is relative to its file; a path in text may be meant from the root too.
      const start = m.index + m[0].length - token.length;
      const bases = /\]\(<?$/.test(line.slice(0, start)) ? [dir] : [dir, "."];
      if (token === "/" || /^\/\s*$/.test(token)) continue;
      // A lone "/x" (a rate unit, `N/UNIT`) is not a path; an absolute path has two segments.
      if (token.startsWith("/") && !/^\/[^/\s]+\/./.test(token)) continue;
      const why = outsidePath(token, bases, root);
      if (why !== null) problems.push(`${at}: ${why}: ${token}`);
    }
    for (const target of linkTargets(line)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("file://")) continue; // https:, mailto:
      if (outsidePath(target, [dir], root) !== null) continue; // reported above
      const [file = "", anchor] = target.split("#", 2);
      const targetRel =
        file === "" ? rel : path.posix.normalize(path.posix.join(dir, decodeURIComponent(file)));
      const content = file === "" ? text : read(targetRel);
      if (content === null) {
        problems.push(`${at}: link to a missing file: ${target}`);
        continue;
      }
      if (anchor !== undefined && anchor !== "" && targetRel.endsWith(".md")) {
        if (!headingAnchors(content).has(anchor))
          problems.push(`${at}: link to a missing heading: ${target}`);
      }
    }
  });
  return problems;
}

/** A file's text under the root, "" for a folder, or null when it does not exist. */
function readUnderRoot(rel: string): string | null {
  const p = path.join(ROOT, rel);
  if (!existsSync(p)) return null;
  return statSync(p).isDirectory() ? "" : readFileSync(p, "utf8");
}

/**
 * The section sign, built from its code point so that this file holds none and is scanned like
 * every other test file.
 */
const SECTION_SIGN = String.fromCodePoint(0xa7);

/** `file:line` of every line under `dir` holding `needle`, skipping the folders in `skip`. */
function linesContaining(dir: string, needle: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) {
        if (!skip.includes(child)) walk(child);
      } else
        readFileSync(path.join(ROOT, child), "utf8")
          .split("\n")
          .forEach((line, i) => {
            if (line.includes(needle)) out.push(`${child}:${i + 1}: ${line.trim()}`);
          });
    }
  };
  walk(dir);
  return out;
}

describe("documentation stands alone", () => {
  it("README.md and docs/*.md hold the reference pages", () => {
    const files = markdownFiles(ROOT);
    expect(files).toEqual(
      expect.arrayContaining([
        "README.md",
        "docs/README.md",
        "docs/report-contract.md",
        "docs/scenario-format.md",
      ]),
    );
  });

  it("README.md and docs/*.md point nowhere outside the repository, and their links resolve", () => {
    const problems = markdownFiles(ROOT).flatMap((rel) =>
      checkMarkdown(ROOT, rel, readFileSync(path.join(ROOT, rel), "utf8"), readUnderRoot),
    );
    expect(problems).toEqual([]);
  });

  it("src/ cites no section sign (name the upstream function or the docs page instead)", () => {
    expect(linesContaining("src", SECTION_SIGN)).toEqual([]);
  });

  it("test/ cites no section sign either (test/golden/reports is report data, not read)", () => {
    expect(SECTION_SIGN).toBe("\u00a7");
    expect(linesContaining("test", SECTION_SIGN, ["test/golden/reports"])).toEqual([]);
  });
});

describe("the documentation checks catch what they should", () => {
  const files: Record<string, string> = {
    "docs/a.md": "# Title\n\n## Work queues\n",
    "scenarios/x.yaml": "x",
  };
  const read = (p: string) => (p in files ? files[p]! : null);
  const check = (text: string, rel = "docs/b.md") => checkMarkdown("/repo", rel, text, read);

  it("flags paths outside the repository, in links, code and prose", () => {
    expect(check("The format is `../shared/spec/scenario-format.md`.")).toEqual([
      "docs/b.md:1: a path outside the repository: ../shared/spec/scenario-format.md",
    ]);
    expect(check("see [spec](../../shared/spec/x.md)")).toHaveLength(1);
    expect(check("see `../shared/x.md`", "README.md")).toHaveLength(1);
    expect(check("read /work/shared/spec/report-contract.md")).toHaveLength(1);
    expect(check("[x](file:///etc/passwd)")).toHaveLength(1);
    expect(check("in ~/notes/x.md")).toHaveLength(1);
    expect(check("the scenario file: its documents")).toEqual([]);
  });

  it("flags relative links to missing files and headings", () => {
    expect(check("[a](a.md) [q](a.md#work-queues) [s](../scenarios/x.yaml)")).toEqual([]);
    expect(check("[gone](gone.md)")).toEqual(["docs/b.md:1: link to a missing file: gone.md"]);
    expect(check("[bad](a.md#no-such-heading)")).toEqual([
      "docs/b.md:1: link to a missing heading: a.md#no-such-heading",
    ]);
    expect(check("# Here\n[self](#here) [other](#there)")).toEqual([
      "docs/b.md:2: link to a missing heading: #there",
    ]);
  });

  it("accepts what is not a path: rates, names with slashes, URLs, parents inside the repository", () => {
    expect(check("`rate: 2/d`, used / allocatable, `batch/v1`, `<ns>/<job>`, 1/12h")).toEqual([]);
    expect(check("[k8s](https://kubernetes.io/docs/) and [readme](../README.md)", "docs/b.md")).toEqual([
      "docs/b.md:1: link to a missing file: ../README.md",
    ]);
    expect(check("[x](../scenarios/x.yaml)")).toEqual([]);
    expect(check("see ../scenarios/x.yaml")).toHaveLength(1); // from the root it leaves the repository
  });

  it("anchors follow GitHub's rules", () => {
    expect([
      ...headingAnchors("## failure.container\n## Controller: time zone, outages\n## A\n## A"),
    ]).toEqual(["failurecontainer", "controller-time-zone-outages", "a", "a-1"]);
    expect(headingAnchors("```\n# not a heading\n```\n").size).toBe(0);
  });
});
