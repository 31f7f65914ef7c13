import { ChurnMap } from "./churn-collections.js";

/**
 * A map keyed by (namespace, name) without building a "ns/name" string per lookup: a fresh
 * string must be hashed on every Map access, while the names held by objects hash once and
 * keep it. Iteration is by namespace (first use), then insertion: deterministic. Values are
 * never undefined (`has` is a `get` that found one).
 */
export class NamespacedMap<T extends {}> {
  private readonly byNamespace = new Map<string, ChurnMap<string, T>>();
  private count = 0;
  // The namespace asked last and its names: most runs have one namespace, so most lookups are
  // one hash lookup instead of two. Namespaces are never removed, so the pair stays valid.
  private lastNamespace: string | null = null;
  private lastNames: ChurnMap<string, T> | undefined;
  // The key read or written last and its value (undefined: absent). A sync reads its object
  // again and again (get, then write), so about half the lookups of a run are answered here
  // without a hash lookup; every write goes through `set` and `delete`, which keep it current.
  private hitNamespace: string | null = null;
  private hitName: string | null = null;
  private hitValue: T | undefined = undefined;

  get size(): number {
    return this.count;
  }

  get(namespace: string, name: string): T | undefined {
    if (name === this.hitName && namespace === this.hitNamespace) return this.hitValue;
    const value = this.names(namespace)?.get(name);
    this.remember(namespace, name, value);
    return value;
  }

  has(namespace: string, name: string): boolean {
    return this.get(namespace, name) !== undefined;
  }

  private remember(namespace: string, name: string, value: T | undefined): void {
    this.hitNamespace = namespace;
    this.hitName = name;
    this.hitValue = value;
  }

  private names(namespace: string): ChurnMap<string, T> | undefined {
    if (namespace === this.lastNamespace) return this.lastNames;
    const names = this.byNamespace.get(namespace);
    if (names !== undefined) {
      this.lastNamespace = namespace;
      this.lastNames = names;
    }
    return names;
  }

  set(namespace: string, name: string, value: T): void {
    let names = this.names(namespace);
    if (!names) {
      names = new ChurnMap();
      this.byNamespace.set(namespace, names);
    }
    // Compare sizes instead of asking `has` first: one hash lookup instead of two.
    const before = names.size;
    names.set(name, value);
    if (names.size !== before) this.count++;
    this.remember(namespace, name, value);
  }

  delete(namespace: string, name: string): boolean {
    const names = this.names(namespace);
    if (!names?.delete(name)) return false;
    this.count--;
    this.remember(namespace, name, undefined);
    return true;
  }

  *values(): IterableIterator<T> {
    for (const names of this.byNamespace.values()) yield* names.values();
  }
}
