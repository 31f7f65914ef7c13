import { ChurnMap } from "./churn-collections.js";

/**
 * A map keyed by (namespace, name) without building a "ns/name" string per lookup: a fresh
 * string must be hashed on every Map access, while the names held by objects hash once and
 * keep it. Iteration is by namespace (first use), then insertion: deterministic.
 */
export class NamespacedMap<T> {
  private readonly byNamespace = new Map<string, ChurnMap<string, T>>();
  private count = 0;
  // The namespace asked last and its names: most runs have one namespace, so most lookups are
  // one hash lookup instead of two. Namespaces are never removed, so the pair stays valid.
  private lastNamespace: string | null = null;
  private lastNames: ChurnMap<string, T> | undefined;

  get size(): number {
    return this.count;
  }

  get(namespace: string, name: string): T | undefined {
    return this.names(namespace)?.get(name);
  }

  has(namespace: string, name: string): boolean {
    return this.names(namespace)?.has(name) ?? false;
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
  }

  delete(namespace: string, name: string): boolean {
    const names = this.names(namespace);
    if (!names?.delete(name)) return false;
    this.count--;
    return true;
  }

  *values(): IterableIterator<T> {
    for (const names of this.byNamespace.values()) yield* names.values();
  }
}
