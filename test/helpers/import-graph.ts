/**
 * The import graph of src/, read from the source text: static `import ... from` and
 * `export ... from` (type-only included), side-effect `import "x"` and dynamic `import("x")`.
 * Comments are skipped and string contents are not mistaken for imports, so a message that
 * mentions `import("...")` is not an edge.
 */
import { readdirSync, readFileSync } from "node:fs";
import { posix } from "node:path";

export interface ImportEdge {
  /** The importing file, relative to the source root, with forward slashes. */
  readonly from: string;
  /** The imported module specifier as written. */
  readonly specifier: string;
  /** The imported file relative to the source root (a relative specifier resolved), or null for a package. */
  readonly to: string | null;
  readonly line: number;
}

/** Replaces comments and the contents of string and template literals by spaces, keeping line breaks and quotes. */
function blankCommentsAndStrings(source: string): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") {
        out += " ";
        i++;
      }
    } else if (c === "/" && next === "*") {
      while (i < source.length && !(source[i] === "*" && source[i + 1] === "/")) {
        out += source[i] === "\n" ? "\n" : " ";
        i++;
      }
      out += "  ";
      i += 2;
    } else if (c === '"' || c === "'" || c === "`") {
      // Keep the literal's text: specifiers are string literals. Template literals are blanked
      // because an import specifier is never one.
      const quote = c;
      out += c;
      i++;
      while (i < source.length && source[i] !== quote) {
        const ch = source[i] as string;
        if (ch === "\\") {
          out += quote === "`" ? "  " : source.slice(i, i + 2);
          i += 2;
          continue;
        }
        out += quote === "`" ? (ch === "\n" ? "\n" : " ") : ch;
        i++;
      }
      out += quote;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const STATIC_FROM = /\b(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]*?)\s*from\s*(["'])([^"'\n]+)\1/g;
const SIDE_EFFECT = /(?:^|[;\n])\s*import\s*(["'])([^"'\n]+)\1/g;
const DYNAMIC = /\bimport\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g;

/** The module specifiers a source text imports, with their 1-based line numbers. */
export function importsOf(source: string): { specifier: string; line: number }[] {
  const text = blankCommentsAndStrings(source);
  const found: { specifier: string; index: number }[] = [];
  for (const pattern of [STATIC_FROM, SIDE_EFFECT, DYNAMIC]) {
    for (const match of text.matchAll(pattern)) {
      const specifier = match[2];
      if (specifier !== undefined)
        found.push({ specifier, index: match.index + match[0].lastIndexOf(specifier) });
    }
  }
  found.sort((a, b) => a.index - b.index);
  return found.map(({ specifier, index }) => ({ specifier, line: text.slice(0, index).split("\n").length }));
}

/** Resolves a relative specifier (`./x.js`, `../y/index.js`) from a file to a source-root-relative `.ts` path. */
export function resolveSpecifier(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const joined = posix.normalize(posix.join(posix.dirname(from), specifier));
  return joined.replace(/\.js$/, ".ts");
}

/** Every `.ts` file under a folder, relative to it, sorted. */
export function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (relative: string): void => {
    const entries = readdirSync(posix.join(root, relative), { withFileTypes: true });
    for (const entry of entries) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) files.push(path);
    }
  };
  walk("");
  return files.sort();
}

/** The import edges of every `.ts` file under a source root. */
export function importGraph(root: string): ImportEdge[] {
  return sourceFiles(root).flatMap((from) =>
    importsOf(readFileSync(posix.join(root, from), "utf8")).map(({ specifier, line }) => ({
      from,
      specifier,
      to: resolveSpecifier(from, specifier),
      line,
    })),
  );
}
