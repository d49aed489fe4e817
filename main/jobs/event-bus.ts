import type { PushEvent } from '../../shared/contract'

/** Push events from services to whichever transports are attached (IPC, SSE, the CLI's stderr). */
export class EventBus {
  private readonly listeners = new Set<(e: PushEvent) => void>()

  emit(e: PushEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch {
        // One broken listener (a closed window, a dropped SSE client) must not stop the others.
      }
    }
  }

  subscribe(listener: (e: PushEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
