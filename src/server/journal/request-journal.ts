// The last requests the Personalize routes received (a ring buffer): method, path, workspace, status,
// duration, headers with Authorization redacted, and the body as text.
import type { JournalRequest } from '../../generated/types.js'

export const BODY_LIMIT_IN_JOURNAL = 64 * 1024

export class RequestJournal {
  readonly #entries: JournalRequest[] = []
  #seq = 0
  #evicted = 0

  constructor (readonly cap = 1000) {}

  record (entry: Omit<JournalRequest, 'seq'>): void {
    this.#entries.push({ seq: ++this.#seq, ...entry })
    if (this.#entries.length > this.cap) {
      this.#entries.shift()
      this.#evicted++
    }
  }

  list (): JournalRequest[] {
    return this.#entries.map((e) => ({ ...e }))
  }

  get evicted (): number {
    return this.#evicted
  }

  clear (): void {
    this.#entries.length = 0
    this.#evicted = 0
  }
}
