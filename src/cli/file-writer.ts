// Rewrites a file whenever its content changes, never leaving it half written: each version goes to a temporary
// file that is then renamed over it. Changes that arrive during a write are coalesced into the next, whose text is
// rendered only when it is written.
import { rename, writeFile } from 'node:fs/promises'

export class FileWriter {
  #render: () => string = () => ''
  /** Versions scheduled, and the newest one on disk (or given up on). */
  #scheduled = 0
  #written = 0
  #waiting: Array<{ version: number, done: () => void }> = []
  #running: Promise<void> | undefined
  #writes = 0

  /** `failed` hears about a write that did not work (the next change tries again). */
  constructor (readonly file: string, private readonly failed: (err: Error) => void = () => {}) {}

  /** Writes the text `render` gives, soon; resolves once this version (or a newer one) is on disk. */
  schedule (render: () => string): Promise<void> {
    this.#render = render
    const version = ++this.#scheduled
    const written = new Promise<void>((resolve) => { this.#waiting.push({ version, done: resolve }) })
    this.#running ??= this.#drain()
    return written
  }

  /** Writes made so far (bursts of changes are coalesced into few). */
  get writes (): number {
    return this.#writes
  }

  /** Resolves once every version scheduled so far is on disk. */
  async flush (): Promise<void> {
    if (this.#written < this.#scheduled) await new Promise<void>((resolve) => { this.#waiting.push({ version: this.#scheduled, done: resolve }) })
  }

  async #drain (): Promise<void> {
    try {
      while (this.#written < this.#scheduled) {
        const version = this.#scheduled
        const text = this.#render()
        const temporary = `${this.file}.${process.pid}.tmp`
        this.#writes++
        try {
          await writeFile(temporary, text)
          await rename(temporary, this.file)
        } catch (err) {
          this.failed(err as Error)
        }
        this.#written = version
        const ready = this.#waiting.filter((w) => w.version <= version)
        this.#waiting = this.#waiting.filter((w) => w.version > version)
        for (const w of ready) w.done()
      }
    } finally {
      this.#running = undefined
    }
  }
}
