/**
 * The CLI bundle measures printable ASCII text itself (scripts/ascii-string-width.mjs) and the
 * rest through string-width: each copy yargs, cliui and wrap-ansi import must give the same
 * widths through the fast path as alone, so the bundle's help lays out as the sources' does.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

type StringWidth = (text: string, options?: { ambiguousIsNarrow?: boolean }) => number;

const load = async (file: string) => (await import(pathToFileURL(path.resolve(file)).href)) as unknown;
const { withAsciiFastPath } = (await load("scripts/ascii-string-width.mjs")) as {
  withAsciiFastPath: (loadReal: () => StringWidth) => StringWidth;
};

const COPIES = ["yargs", "cliui", "wrap-ansi"].map(
  (pkg) => `node_modules/${pkg}/node_modules/string-width/index.js`,
);

const text = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
  fc.string({ unit: "binary" }),
  fc.string({
    unit: fc.constantFrom("a", " ", "\x1b[31m", "\x1b[0m", "é", "漢", "👍", "\u200b", "\t", "\x7f"),
  }),
);

describe("string-width behind the printable-ASCII fast path", () => {
  for (const file of COPIES) {
    it(`measures as ${file.split("/")[1]}'s copy does`, async () => {
      const real = ((await load(file)) as { default: StringWidth }).default;
      let loaded = 0;
      const fast = withAsciiFastPath(() => {
        loaded++;
        return real;
      });
      fc.assert(
        fc.property(text, fc.boolean(), (t, narrow) => {
          expect(fast(t, { ambiguousIsNarrow: narrow })).toBe(real(t, { ambiguousIsNarrow: narrow }));
        }),
      );
      expect(fast("")).toBe(0);
      expect(fast("--summary-only  leave jobs, pods and events out")).toBe(47);
      // Text outside printable ASCII goes to the real module, loaded once.
      expect(fast("\x1b[1mbold\x1b[22m")).toBe(4);
      expect(fast("漢字")).toBe(4);
      expect(loaded).toBe(1);
    });
  }
});
