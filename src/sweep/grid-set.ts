/**
 * `--set PATH=V1,V2,...` flags: one grid axis each, its values read as YAML scalars (`null`
 * removes the field, `"a,b"` quotes a comma). Problems are located as `--set:K:C`: the K-th
 * --set flag, column C of its text.
 */
import { type Diagnostics, keyPath } from "../scenario/errors.js";
import { parseYamlFile, type YValue } from "../scenario/yaml-source.js";

/** The file name problems with --set flags are located in. */
export const SET_FLAGS_FILE = "--set";

/** One axis given on the command line. */
export interface SetColumn {
  path: string;
  /** `--set["PATH"]`, for messages. */
  label: string;
  /** The values as a list (located in the flag's text). */
  list: YValue;
  values: YValue[];
  /** 1-based number of the flag. */
  flag: number;
}

/** Read the --set flags in the order given; problems go to `diag`. */
export function readSetFlags(flags: readonly string[], diag: Diagnostics): SetColumn[] {
  const out: SetColumn[] = [];
  flags.forEach((text, k) => {
    const flag = k + 1;
    const at = (column: number) => ({ file: SET_FLAGS_FILE, line: flag, column });
    const eq = text.indexOf("=");
    const path = eq < 0 ? "" : text.slice(0, eq).trim();
    if (eq < 0 || path === "") {
      diag.error(
        at(1),
        "",
        `expected PATH=V1,V2,... such as Job/nightly.spec.parallelism=10,20,40, got ${JSON.stringify(text)}`,
      );
      return;
    }
    // The values as a YAML flow list in place of `=`, on the flag's own line: columns match the flag.
    const yaml = `${"\n".repeat(k)}${" ".repeat(eq)}[${text.slice(eq + 1)}]`;
    const errorsBefore = diag.errorCount;
    const docs = parseYamlFile(SET_FLAGS_FILE, yaml, diag);
    if (diag.errorCount > errorsBefore) return;
    const list = docs[0]?.root;
    if (list === undefined || list.kind !== "seq" || docs.length !== 1) {
      diag.error(at(eq + 2), "", "expected values separated by commas, such as 10,20,40");
      return;
    }
    const values = list.items();
    if (values.length === 0) {
      diag.error(at(eq + 2), "", "expected at least one value after =, such as 10,20,40");
      return;
    }
    let scalars = true;
    for (const v of values) {
      if (v.kind === "map" || v.kind === "seq") {
        diag.error(
          v.location(),
          "",
          `expected a single value (a number, a string or null), got ${v.describe()}: quote a value that holds [ ] { } or a comma`,
        );
        scalars = false;
      }
    }
    if (scalars) out.push({ path, label: keyPath(SET_FLAGS_FILE, path), list, values, flag });
  });
  return out;
}
