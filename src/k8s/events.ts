/** Kubernetes events, as controllers record them (client-go's EventRecorder, reduced). */
export type EventType = "Normal" | "Warning";

export interface EventSubject {
  kind: string;
  metadata: { namespace: string; name: string };
}

export interface EventRecorder {
  event(subject: EventSubject, type: EventType, reason: string, message: string): void;
}

export interface RecordedEvent {
  kind: string;
  namespace: string;
  name: string;
  type: EventType;
  reason: string;
  message: string;
}

/** Keeps every event in emission order; tests and the report read `events`. */
export class MemoryRecorder implements EventRecorder {
  readonly events: RecordedEvent[] = [];
  event(subject: EventSubject, type: EventType, reason: string, message: string): void {
    this.events.push({
      kind: subject.kind,
      namespace: subject.metadata.namespace,
      name: subject.metadata.name,
      type,
      reason,
      message,
    });
  }
}
