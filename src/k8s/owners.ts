import type { OwnerReference } from "./types.js";

/** metav1 `GetControllerOf`: the owner reference marked `controller`, or null. */
export function controllerOf(obj: {
  metadata: { ownerReferences: readonly OwnerReference[] };
}): OwnerReference | null {
  const refs = obj.metadata.ownerReferences;
  for (let i = 0; i < refs.length; i++) if (refs[i]!.controller) return refs[i]!;
  return null;
}
