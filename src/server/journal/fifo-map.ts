// A Map bounded to its newest `cap` keys: adding one past the cap forgets the oldest, in constant time. Insertion order
// is kept in a queue beside the map, because a Map's own keys().next() walks every deleted slot before the first live
// one, and deleting the oldest key again and again piles those up (about 8 µs per eviction at 10,000 keys).
// Keys are only ever added or forgotten as the oldest (or all cleared), so the queue and the map always agree.
import { FifoQueue } from './fifo-queue.js'

export class FifoMap<K, V> {
  readonly #map = new Map<K, V>()
  readonly #order = new FifoQueue<K>()

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
    const size = this.#map.size
    this.#map.set(key, value)
    // The size tells a new key from a present one without a second lookup.
    if (this.#map.size === size) return undefined
    this.#order.push(key)
    if (this.#map.size <= this.cap) return undefined
    const oldest = this.#order.shift() as K
    this.#map.delete(oldest)
    return oldest
  }

  clear (): void {
    this.#map.clear()
    this.#order.clear()
  }
}
