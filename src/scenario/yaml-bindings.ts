/**
 * The `yaml` library's node tests and node classes that the loader's hot paths use, bound once.
 * yaml is a CommonJS package: in the bundled CLI (scripts/bundle-cli.mjs) every use of one of
 * its exports through an import is a call of a getter, which reading 100,000 manifests paid on
 * every node it looked at; these constants are read as any other.
 */
import * as yaml from "yaml";

export const { isAlias, isMap, isPair, isScalar, isSeq } = yaml;

export const Pair = yaml.Pair;
export type Pair<K = unknown, V = unknown> = yaml.Pair<K, V>;
export const Scalar = yaml.Scalar;
export type Scalar<T = unknown> = yaml.Scalar<T>;
export const YAMLMap = yaml.YAMLMap;
export type YAMLMap<K = unknown, V = unknown> = yaml.YAMLMap<K, V>;
export const YAMLSeq = yaml.YAMLSeq;
export type YAMLSeq<T = unknown> = yaml.YAMLSeq<T>;
