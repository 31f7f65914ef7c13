import { ChurnMap } from "./churn-collections.js";

/**
 * A map keyed by (namespace, name) without building a "ns/name" string per lookup: a fresh
 * string must be hashed on every Map access, while the names held by objects hash once and
 * keep it. Iteration is by namespace (first use), then insertion: deterministic.
 */
export class NamespacedMap<T> {
  private readonly byNamespace = new Map<string, ChurnMap<string, T>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(namespace: string, name: string): T | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  has(namespace: string, name: string): boolean {
    return this.byNamespace.get(namespace)?.has(name) ?? false;
  }

  set(namespace: string, name: string, value: T): void {
    let names = this.byNamespace.get(namespace);
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
    const names = this.byNamespace.get(namespace);
    if (!names?.delete(name)) return false;
    this.count--;
    return true;
  }

  *values(): IterableIterator<T> {
    for (const names of this.byNamespace.values()) yield* names.values();
  }
}
