/**
 * The `yaml` library's Scalar, YAMLMap, YAMLSeq and Pair as yaml-fast-path makes them: the same
 * classes (instanceof holds, their methods apply) and the same own fields, made without the
 * library's constructors. Each of those defines the node's kind on the instance with
 * Object.defineProperty, which was a third of the fast path's time at 100,000 manifests; here the
 * kind sits on a prototype between the class's and the instance, where the library's isScalar,
 * isMap, isSeq and isPair look it up the same way (`node[Symbol.for("yaml.node.type")]`).
 */
import type { Node } from "yaml";
import { Pair, Scalar, YAMLMap, YAMLSeq } from "./yaml-bindings.js";

/** The key under which the library's nodes carry their kind (yaml's nodes/identity). */
const NODE_TYPE = Symbol.for("yaml.node.type");

/** A prototype of `cls`'s instances that says they are of `kind`, as the library's constructor would. */
function kindPrototype(cls: { prototype: object }, kind: symbol): object {
  return Object.create(cls.prototype, { [NODE_TYPE]: { value: kind } });
}

type Range = [number, number, number];

class QuickScalar {
  constructor(
    readonly value: unknown,
    readonly range: Range,
  ) {}
}
Object.setPrototypeOf(QuickScalar.prototype, kindPrototype(Scalar, Symbol.for("yaml.scalar")));

class QuickMap {
  readonly items: Pair<Node, Node>[] = [];
}
Object.setPrototypeOf(QuickMap.prototype, kindPrototype(YAMLMap, Symbol.for("yaml.map")));

class QuickSeq {
  readonly items: Node[] = [];
}
Object.setPrototypeOf(QuickSeq.prototype, kindPrototype(YAMLSeq, Symbol.for("yaml.seq")));

class QuickPair {
  constructor(
    readonly key: Node,
    readonly value: Node,
  ) {}
}
Object.setPrototypeOf(QuickPair.prototype, kindPrototype(Pair, Symbol.for("yaml.pair")));

/** A Scalar of `value` at `range`. */
export function quickScalar(value: unknown, range: Range): Scalar {
  return new QuickScalar(value, range) as unknown as Scalar;
}

/** An empty YAMLMap. */
export function quickMap(): YAMLMap {
  return new QuickMap() as unknown as YAMLMap;
}

/** An empty YAMLSeq. */
export function quickSeq(): YAMLSeq {
  return new QuickSeq() as unknown as YAMLSeq;
}

/** A Pair of `key` and `value`. */
export function quickPair(key: Node, value: Node): Pair<Node, Node> {
  return new QuickPair(key, value) as unknown as Pair<Node, Node>;
}
