/**
 * Ported from upstream indexed_job_utils_test.go: TestFirstPendingIndexes,
 * TestCalculateSucceededIndexes, TestPodGenerateNameWithIndex, plus examples of the
 * completedIndexes text ("1,3-5,7") and
 * duplicate-index removal.
 */
import { describe, expect, it } from "vitest";
import {
  calculateSucceededIndexes,
  duplicatedIndexPodsForRemoval,
  firstPendingIndexes,
  formatIntervals,
  getCompletionIndex,
  type Interval,
  parseIndexesFromString,
  podGenerateNameWithIndex,
  UNKNOWN_COMPLETION_INDEX,
} from "../../../../src/controllers/job/indexed.js";
import { hasJobTrackingFinalizer } from "../../../../src/controllers/job/pod-utils.js";
import type { Pod } from "../../../../src/k8s/types.js";
import { buildPod, newJob } from "../../../helpers/job-builders.js";

const iv = (first: number, last = first): Interval => ({ first, last });
const activeWithIndex = (ix: string | null, i: number): Pod => {
  const b = buildPod().name(`p${i}`).phase("Running");
  if (ix !== null) b.index(ix);
  return b.build();
};

describe("TestFirstPendingIndexes", () => {
  interface Case {
    cnt: number;
    completions: number;
    active: (string | null)[];
    succeeded: Interval[];
    failed?: Interval[];
    terminating?: string[];
    want: number[];
  }
  const cases: Record<string, Case> = {
    "cnt greater than completions": { cnt: 5, completions: 3, active: [], succeeded: [], want: [0, 1, 2] },
    "cnt less than completions": { cnt: 2, completions: 5, active: [], succeeded: [], want: [0, 1] },
    "first pods active": { cnt: 3, completions: 10, active: ["0", "1"], succeeded: [], want: [2, 3, 4] },
    "last pods active or succeeded": {
      cnt: 6,
      completions: 6,
      active: ["6"],
      succeeded: [iv(4, 5)],
      want: [0, 1, 2, 3],
    },
    mixed: {
      cnt: 5,
      completions: 20,
      active: ["3", "5", "8", null, "-3"],
      succeeded: [iv(2, 4), iv(9)],
      want: [0, 1, 6, 7, 10],
    },
    "with failed indexes": {
      cnt: 5,
      completions: 20,
      active: ["3", "9"],
      succeeded: [iv(1), iv(5), iv(9)],
      failed: [iv(2), iv(6, 7)],
      want: [0, 4, 8, 10, 11],
    },
    "terminating pods hold their index when only failed pods are replaced": {
      cnt: 3,
      completions: 5,
      active: [],
      succeeded: [],
      terminating: ["1"],
      want: [0, 2, 3],
    },
  };
  it.each(Object.entries(cases))("%s", (_, tc) => {
    const got = firstPendingIndexes(
      {
        activePods: tc.active.map(activeWithIndex),
        terminatingPods: tc.terminating ? tc.terminating.map(activeWithIndex) : null,
        succeededIndexes: tc.succeeded,
        failedIndexes: tc.failed ?? null,
      },
      tc.cnt,
      tc.completions,
    );
    expect(got).toEqual(tc.want);
  });
});

describe("TestCalculateSucceededIndexes", () => {
  const cases: Record<string, { prev: string; newSucceeded: number[]; completions: number; want: string }> = {
    "prev and new separate": {
      prev: "0,4,5,10-12",
      newSucceeded: [2, 7, 8],
      completions: 13,
      want: "0,2,4,5,7,8,10-12",
    },
    "prev and new merged": { prev: "0,4,5,7-9", newSucceeded: [3, 6, 10], completions: 13, want: "0,3-10" },
    "prev and new disjoint with outside range": {
      prev: "0-5",
      newSucceeded: [8, 13],
      completions: 10,
      want: "0-5,8",
    },
    "new only": { prev: "", newSucceeded: [1, 2, 3, 5], completions: 10, want: "1-3,5" },
  };
  it.each(Object.entries(cases))("%s", (_, tc) => {
    const job = newJob({ completionMode: "Indexed", completions: tc.completions, parallelism: 1 });
    job.status.completedIndexes = tc.prev;
    const pods = tc.newSucceeded.map((ix) =>
      buildPod().name(`p${ix}`).index(String(ix)).phase("Succeeded").build(),
    );
    const { result } = calculateSucceededIndexes(job, pods, hasJobTrackingFinalizer);
    expect(formatIntervals(result)).toBe(tc.want);
  });

  it("ignores pods without the finalizer (already counted) and non-succeeded pods", () => {
    const job = newJob({ completionMode: "Indexed", completions: 5, parallelism: 1 });
    const pods = [
      buildPod().name("a").index("1").phase("Succeeded").trackingFinalizer(false).build(),
      buildPod().name("b").index("2").phase("Failed").build(),
      buildPod().name("c").index("3").phase("Succeeded").build(),
    ];
    expect(formatIntervals(calculateSucceededIndexes(job, pods, hasJobTrackingFinalizer).result)).toBe("3");
  });
});

describe("completedIndexes text: formatIntervals and parseIndexesFromString", () => {
  it.each([
    [[1, 3, 4, 5, 7], "1,3-5,7"],
    [[0, 2, 4, 5, 7, 8, 9, 10, 11, 12], "0,2,4,5,7-12"],
    [[], ""],
    [[6], "6"],
  ] as [number[], string][])("%j → %s", (set, text) => {
    const intervals = set.map((i) => iv(i));
    expect(formatIntervals(parseIndexesFromString(formatIntervals(intervals), 100))).toBe(text);
  });

  it.each([
    ["0,1-foo,bar", 10, [iv(0)]],
    ["0-5,8-10", 8, [iv(0, 5)]],
    ["0-5,8-10", 10, [iv(0, 5), iv(8, 9)]],
    ["1,2,3", 10, [iv(1, 3)]],
    ["", 10, []],
    ["-3,2", 10, [iv(2)]],
  ] as [string, number, Interval[]][])("parse %s (completions %d)", (text, completions, want) => {
    expect(parseIndexesFromString(text, completions)).toEqual(want);
  });
});

describe("getCompletionIndex", () => {
  it.each([
    ["3", 3],
    ["+4", 4],
    ["-3", UNKNOWN_COMPLETION_INDEX],
    ["invalid", UNKNOWN_COMPLETION_INDEX],
    ["1.5", UNKNOWN_COMPLETION_INDEX],
    ["", UNKNOWN_COMPLETION_INDEX],
  ] as [string, number][])("%s → %d", (text, want) => {
    expect(getCompletionIndex(buildPod().index(text).build())).toBe(want);
  });
  it("no annotation", () => {
    expect(getCompletionIndex(buildPod().build())).toBe(UNKNOWN_COMPLETION_INDEX);
  });
});

describe("TestPodGenerateNameWithIndex", () => {
  const longName = "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh"; // 70 chars
  it.each([
    ["short job name", "indexed-job", 1, "indexed-job-1-"],
    ["job name exceeds MaxGeneneratedNameLength", longName, 1, `${longName.slice(0, 55)}-1-`],
    [
      "job name with index suffix exceeds MaxGeneratedNameLength",
      longName.slice(0, 56),
      1,
      `${longName.slice(0, 55)}-1-`,
    ],
  ] as [string, string, number, string][])("%s", (_, name, index, want) => {
    expect(podGenerateNameWithIndex(name, index)).toBe(want);
    expect(want.length).toBeLessThanOrEqual(58);
  });
});

describe("duplicate and invalid indexes (duplicatedIndexPodsForRemoval)", () => {
  it("removes pods without a valid index, out of range, and all but the best of a repeated index", () => {
    const pods = [
      buildPod().name("running-2").index("2").phase("Running").nodeName("n").build(),
      buildPod().name("pending-2").index("2").phase("Pending").build(),
      buildPod().name("no-index").phase("Running").build(),
      buildPod().name("out-of-range").index("7").phase("Running").build(),
      buildPod().name("one").index("1").phase("Running").build(),
    ];
    const { rm, left } = duplicatedIndexPodsForRemoval(pods, 5);
    expect(rm.map((p) => p.metadata.name)).toEqual(["no-index", "pending-2", "out-of-range"]);
    expect(left.map((p) => p.metadata.name)).toEqual(["one", "running-2"]);
  });
});
