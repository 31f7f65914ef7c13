/**
 * The JSON Schema of scenario documents cannot drift from the loader: schema/simulation.schema.json
 * is what `npm run schema` writes; every mapping the loader checks for unknown fields (each
 * `Reader.knownFields` call while loading the shipped scenarios and the all-fields fixtures)
 * has exactly those fields in the schema, and every closed mapping of the schema is one the
 * loader checks; and every document of every shipped scenario validates against it.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseAllDocuments } from "yaml";
import { loadScenario } from "../../../src/scenario/load.js";
import {
  SCHEMA_FILE,
  type SchemaNode,
  simulationSchemaText,
} from "../../../src/scenario/simulation-schema.js";
import { Reader, type YValue } from "../../../src/scenario/yaml-source.js";

const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as SchemaNode;
const definitions = schema.definitions as Record<string, SchemaNode>;
const SHIPPED = readdirSync("scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => path.join("scenarios", f));
const ALL_FIELDS = ["all-fields.yaml", "all-fields-capacity.yaml"].map((f) =>
  path.join("test/fixtures/scenarios/all-fields", f),
);

/** `spec.workloads[0].failure` as segments: fields, and `[x]` for list items or map entries. */
function segments(p: string): string[] {
  return p === "" ? [] : (p.match(/[^.[\]]+|\[[^\]]*\]/g) ?? []);
}

/** The schema nodes a node stands for: itself, what it refers to, and its alternatives. */
function expand(node: SchemaNode): SchemaNode[] {
  if (typeof node.$ref === "string") return expand(definitions[node.$ref.replace("#/definitions/", "")]!);
  const out = [node];
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    for (const alt of (node[key] as SchemaNode[] | undefined) ?? []) out.push(...expand(alt));
  }
  if (node.then !== undefined) out.push(...expand(node.then as SchemaNode));
  return out;
}

/** The schema nodes a path of the Simulation document can lead to. */
function resolve(p: string): SchemaNode[] {
  let nodes = expand(definitions.Simulation!);
  for (const seg of segments(p)) {
    const next: SchemaNode[] = [];
    for (const n of nodes) {
      if (seg.startsWith("[")) {
        if (n.items !== undefined) next.push(...expand(n.items as SchemaNode));
        if (typeof n.additionalProperties === "object")
          next.push(...expand(n.additionalProperties as SchemaNode));
      } else {
        const child = (n.properties as Record<string, SchemaNode> | undefined)?.[seg];
        if (child !== undefined) next.push(...expand(child));
      }
    }
    nodes = next;
  }
  return nodes;
}

const fieldsOf = (n: SchemaNode) => Object.keys((n.properties as object | undefined) ?? {}).sort();

/** Each distinct (path, known fields) the loader checked while loading `files`. */
function loaderChecks(files: readonly string[]): { path: string; known: string[] }[] {
  const seen = new Map<string, { path: string; known: string[] }>();
  const spy = vi.spyOn(Reader.prototype, "knownFields");
  try {
    for (const file of files) {
      const result = loadScenario(file);
      expect(result.ok ? [] : result.errors.map((e) => e.format())).toEqual([]);
    }
    for (const [v, known] of spy.mock.calls as [YValue, readonly string[]][]) {
      const path = v.path.replace(/\[\d+\]/g, "[]");
      const entry = { path, known: [...known].sort() };
      seen.set(`${path} ${entry.known.join(",")}`, entry);
    }
  } finally {
    spy.mockRestore();
  }
  return [...seen.values()];
}

describe("schema/simulation.schema.json", () => {
  it("is what npm run schema writes from src/scenario/simulation-schema.ts", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(simulationSchemaText());
  });

  describe("against the loader", () => {
    let checks: { path: string; known: string[] }[] = [];
    beforeAll(() => {
      checks = loaderChecks([...SHIPPED, ...ALL_FIELDS]);
    });
    afterAll(() => vi.restoreAllMocks());

    it("has exactly the fields the loader accepts at every mapping it checks", () => {
      expect(checks.length).toBeGreaterThan(30);
      const mismatched = checks
        .filter(
          (c) =>
            !resolve(c.path).some(
              (n) => n.additionalProperties === false && fieldsOf(n).join() === c.known.join(),
            ),
        )
        .map(
          (c) =>
            `${c.path || "(document)"}: loader ${c.known.join(", ")}; schema ${
              resolve(c.path)
                .filter((n) => n.additionalProperties === false)
                .map((n) => fieldsOf(n).join(", "))
                .join(" | ") || "nothing"
            }`,
        );
      expect(mismatched).toEqual([]);
    });

    it("closes no mapping the loader does not check (one-key distribution wrappers and feature gates aside)", () => {
      const checked = new Set<SchemaNode>();
      for (const c of checks) {
        for (const n of resolve(c.path)) if (fieldsOf(n).join() === c.known.join()) checked.add(n);
      }
      const wrappers = new Set((definitions.distribution!.oneOf as SchemaNode[]).slice(1));
      const unchecked: string[] = [];
      const walk = (n: SchemaNode, where: string, seen: Set<SchemaNode>) => {
        if (seen.has(n)) return;
        seen.add(n);
        if (
          n.additionalProperties === false &&
          !checked.has(n) &&
          !wrappers.has(n) &&
          !where.endsWith(".featureGates")
        ) {
          unchecked.push(where);
        }
        for (const [k, child] of Object.entries(
          (n.properties as Record<string, SchemaNode> | undefined) ?? {},
        )) {
          walk(child, `${where}.${k}`, seen);
        }
        for (const key of ["oneOf", "anyOf", "allOf"]) {
          for (const [i, alt] of ((n[key] as SchemaNode[] | undefined) ?? []).entries()) {
            walk(alt, `${where}/${key}${i}`, seen);
          }
        }
        if (typeof n.items === "object") walk(n.items as SchemaNode, `${where}[]`, seen);
        if (typeof n.additionalProperties === "object")
          walk(n.additionalProperties as SchemaNode, `${where}[*]`, seen);
        if (typeof n.$ref === "string") {
          const name = n.$ref.replace("#/definitions/", "");
          if (name !== "Job" && name !== "CronJob") walk(definitions[name]!, name, seen);
        }
      };
      walk(definitions.Simulation!, "Simulation", new Set());
      expect(unchecked).toEqual([]);
    });
  });

  it("accepts every document of every shipped scenario and of the all-fields fixtures", () => {
    const validate = new Ajv({
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
      allErrors: true,
    }).compile(schema);
    const problems: string[] = [];
    for (const file of [...SHIPPED, ...ALL_FIELDS]) {
      for (const [i, doc] of parseAllDocuments(readFileSync(file, "utf8")).entries()) {
        if (!("toJS" in doc)) continue;
        if (!validate(doc.toJS()))
          problems.push(`${file} document ${i + 1}: ${JSON.stringify(validate.errors)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("rejects what the loader rejects: an unknown field, a probability over 1, horizon with until", () => {
    const validate = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
    const sim = (spec: object) => ({
      apiVersion: "jobsim.dev/v1alpha1",
      kind: "Simulation",
      metadata: { name: "x" },
      spec,
    });
    expect(validate(sim({ horizon: "1h" }))).toBe(true);
    expect(validate(sim({ horizn: "1h" }))).toBe(false);
    expect(validate(sim({ workloads: [{ match: {}, failure: { probability: 1.5 } }] }))).toBe(false);
    expect(validate(sim({ horizon: "1h", until: "2026-01-02T00:00:00Z" }))).toBe(false);
    expect(validate(sim({ horizon: "an hour" }))).toBe(false);
    expect(
      validate({
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "j" },
        spec: { template: {}, x: 1 },
      }),
    ).toBe(true);
  });

  it("is referenced by the first line of every shipped scenario", () => {
    const first = SHIPPED.map((f) => [f, readFileSync(f, "utf8").split("\n")[0]]);
    expect(
      first.filter(([, line]) => line !== "# yaml-language-server: $schema=../schema/simulation.schema.json"),
    ).toEqual([]);
  });
});
