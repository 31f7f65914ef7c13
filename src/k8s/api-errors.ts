/**
 * The one API-error model (apimachinery's `StatusError`): a reason, a message as the API server
 * words it, and optional status causes. The store returns these, and the controllers and the
 * injected fakes in tests test them with the apimachinery predicates below.
 */

/** A `metav1.StatusReason`; the store returns NotFound, AlreadyExists, Conflict and Invalid. */
export type StatusReason = "NotFound" | "AlreadyExists" | "Conflict" | "Invalid" | (string & {});

/** An API error with a reason and optional status causes, like apimachinery's StatusError. */
export class StatusError extends Error {
  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly causes: readonly string[] = [],
  ) {
    super(message);
    this.name = "StatusError";
  }
}

/** The status cause of a create refused because its namespace is being deleted (`v1.NamespaceTerminatingCause`). */
export const NAMESPACE_TERMINATING_CAUSE = "NamespaceTerminating";

/** apimachinery `errors.IsNotFound`. */
export function isNotFound(err: Error): boolean {
  return err instanceof StatusError && err.reason === "NotFound";
}

/** apimachinery `errors.IsAlreadyExists`. */
export function isAlreadyExists(err: Error): boolean {
  return err instanceof StatusError && err.reason === "AlreadyExists";
}

/** apimachinery `errors.HasStatusCause(err, NamespaceTerminatingCause)`. */
export function hasNamespaceTerminatingCause(err: Error): boolean {
  return err instanceof StatusError && err.causes.includes(NAMESPACE_TERMINATING_CAUSE);
}
