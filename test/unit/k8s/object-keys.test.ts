import { describe, expect, it } from "vitest";
import { ObjectKeys } from "../../../src/k8s/object-keys.js";

describe("ObjectKeys", () => {
  it("hands out one string per object and splits it back", () => {
    const keys = new ObjectKeys();
    const a = keys.key("default", "etl");
    expect(a).toBe("default/etl");
    expect(keys.key("default", "etl")).toBe(a);
    expect(keys.key("other", "etl")).toBe("other/etl");
    expect(keys.split(a)).toEqual({ namespace: "default", name: "etl" });
  });

  it("splits keys it never made or has forgotten, as SplitMetaNamespaceKey does", () => {
    const keys = new ObjectKeys();
    keys.key("default", "etl");
    keys.forget("default", "etl");
    expect(keys.split("default/etl")).toEqual({ namespace: "default", name: "etl" });
    expect(keys.split("ns/a-b")).toEqual({ namespace: "ns", name: "a-b" });
    // Forgetting twice, or what was never made, is harmless.
    keys.forget("default", "etl");
    keys.forget("nowhere", "x");
    expect(keys.key("default", "etl")).toBe("default/etl");
  });
});
