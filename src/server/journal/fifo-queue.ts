// A first-in, first-out queue with constant-time push and shift. Array.prototype.shift moves every element; this
// keeps a head index instead and drops what it has let go of once that is most of the array (amortised constant).
export class FifoQueue<T> {
  #items: T[] = []
  #head = 0

  get length (): number {
    return this.#items.length - this.#head
  }

  push (item: T): void {
    this.#items.push(item)
  }

  /** The oldest item, removed; undefined when empty. */
  shift (): T | undefined {
    if (this.#head === this.#items.length) return undefined
    const oldest = this.#items[this.#head++]
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return oldest
  }

  clear (): void {
    this.#items = []
    this.#head = 0
  }
}
