import { describe, expect, it } from "vitest";
import { isCollection, isMap, isNode, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { quickMap, quickPair, quickScalar, quickSeq } from "../../../src/scenario/yaml-quick-nodes.js";

describe("nodes made without the library's constructors", () => {
  it("are of the library's classes and kinds", () => {
    const s = quickScalar("x", [0, 1, 1]);
    const m = quickMap();
    const q = quickSeq();
    const p = quickPair(s, q);
    expect([s instanceof Scalar, m instanceof YAMLMap, q instanceof YAMLSeq, p instanceof Pair]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([isScalar(s), isMap(s), isSeq(s), isPair(s), isNode(s)]).toEqual([
      true,
      false,
      false,
      false,
      true,
    ]);
    expect([isMap(m), isCollection(m), isScalar(m), isSeq(m)]).toEqual([true, true, false, false]);
    expect([isSeq(q), isCollection(q), isMap(q)]).toEqual([true, true, false]);
    expect([isPair(p), isNode(p)]).toEqual([true, false]);
  });

  it("have the fields of the library's nodes, and its methods work on them", () => {
    const m = quickMap();
    m.items.push(quickPair(quickScalar("a", [0, 1, 1]), quickScalar(7, [3, 4, 5])));
    const lib = new YAMLMap();
    const key = new Scalar("a");
    key.range = [0, 1, 1];
    const value = new Scalar(7);
    value.range = [3, 4, 5];
    lib.items.push(new Pair(key, value));
    expect(m).toEqual(lib);
    expect(m.get("a")).toBe(7);
    expect(m.has("b")).toBe(false);
    const copy = m.clone();
    expect(isMap(copy)).toBe(true);
    expect(copy.get("a")).toBe(7);
    expect(String(quickScalar(12, [0, 2, 2]))).toBe("12");
  });
});
