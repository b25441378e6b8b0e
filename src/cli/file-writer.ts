// Rewrites a JSON file whenever its document changes, never leaving it half written: each version goes to a
// temporary file that is then renamed over it. Changes that arrive during a write are coalesced into the next.
import { rename, writeFile } from 'node:fs/promises'

export class JsonFileWriter {
  #latest: unknown
  #dirty = false
  #running: Promise<void> | undefined

  /** `failed` hears about a write that did not work (the next change tries again). */
  constructor (readonly file: string, private readonly failed: (err: Error) => void = () => {}) {}

  /** Writes `doc` soon (after the write in progress, if any). */
  schedule (doc: unknown): void {
    this.#latest = doc
    this.#dirty = true
    this.#running ??= this.#drain()
  }

  /** Resolves once every scheduled version is on disk. */
  async flush (): Promise<void> {
    while (this.#running !== undefined) await this.#running
  }

  async #drain (): Promise<void> {
    try {
      while (this.#dirty) {
        this.#dirty = false
        const text = JSON.stringify(this.#latest, null, 2) + '\n'
        const temporary = `${this.file}.${process.pid}.tmp`
        try {
          await writeFile(temporary, text)
          await rename(temporary, this.file)
        } catch (err) {
          this.failed(err as Error)
        }
      }
    } finally {
      this.#running = undefined
    }
  }
}
