// A Map bounded to its newest `cap` keys: adding one past the cap forgets the oldest, in constant time. Insertion order
// is kept in a queue beside the map, because a Map's own keys().next() walks every deleted slot before the first live
// one, and deleting the oldest key again and again piles those up (about 8 µs per eviction at 10,000 keys).
// Keys are only ever added or forgotten as the oldest (or all cleared), so the queue and the map always agree.
export class FifoMap<K, V> {
  readonly #map = new Map<K, V>()
  #order: K[] = []
  #head = 0

  constructor (readonly cap: number) {}

  get size (): number {
    return this.#map.size
  }

  get (key: K): V | undefined {
    return this.#map.get(key)
  }

  keys (): IterableIterator<K> {
    return this.#map.keys()
  }

  values (): IterableIterator<V> {
    return this.#map.values()
  }

  /** Adds a key not present (a present one only has its value replaced, keeping its place); returns the key forgotten, if any. */
  set (key: K, value: V): K | undefined {
    if (this.#map.has(key)) {
      this.#map.set(key, value)
      return undefined
    }
    this.#map.set(key, value)
    this.#order.push(key)
    if (this.#map.size <= this.cap) return undefined
    const oldest = this.#order[this.#head++] as K
    this.#map.delete(oldest)
    // The queue drops what it has let go of once that is most of it: amortised constant time.
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head)
      this.#head = 0
    }
    return oldest
  }

  clear (): void {
    this.#map.clear()
    this.#order = []
    this.#head = 0
  }
}
