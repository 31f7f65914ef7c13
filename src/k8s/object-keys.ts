import { ChurnMap } from "./churn-collections.js";
import { NamespacedMap } from "./namespaced-map.js";
import { objectKey } from "./store.js";

/** The parts of a `namespace/name` key. */
export interface KeyParts {
  readonly namespace: string;
  readonly name: string;
}

/**
 * Work-queue keys (`namespace/name`) made once per object: a key reused as the same string
 * keeps its hash, so queue lookups neither rehash it nor compare it character by character with
 * an equal copy, and a sync splits it without slicing new strings. Controllers forget the keys
 * of deleted objects so the cache follows the live ones.
 */
export class ObjectKeys {
  private readonly keys = new NamespacedMap<string>();
  private readonly parts = new ChurnMap<string, KeyParts>();

  key(namespace: string, name: string): string {
    let key = this.keys.get(namespace, name);
    if (key === undefined) {
      key = objectKey(namespace, name);
      this.keys.set(namespace, name, key);
      this.parts.set(key, { namespace, name });
    }
    return key;
  }

  /** cache.SplitMetaNamespaceKey; also for keys already forgotten. */
  split(key: string): KeyParts {
    const p = this.parts.get(key);
    if (p !== undefined) return p;
    const slash = key.indexOf("/");
    return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
  }

  /** Drop the object's key (it was deleted); a later `key` call makes a new one. */
  forget(namespace: string, name: string): void {
    const key = this.keys.get(namespace, name);
    if (key === undefined) return;
    this.keys.delete(namespace, name);
    this.parts.delete(key);
  }
}
