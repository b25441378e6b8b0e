import t from 'tap'
import { bucketFrom, bucketOf, bucketRanges, fnv1a32, fnvOfDecimal, pickByWeight, BUCKETS } from '../src/targeting/bucketing.js'
import { bucketSeedsOf } from '../src/fixtures/bucket-seeds.js'

const w = (...weights: number[]) => weights.map((weight) => ({ weight }))

t.test('fnv1a32 matches the published FNV-1a 32-bit test values', async (t) => {
  t.equal(fnv1a32(''), 0x811c9dc5)
  t.equal(fnv1a32('a'), 0xe40c292c)
  t.equal(fnv1a32('foobar'), 0xbf9cf968)
})

t.test("bucketOf equals GrowthBook's hashVersion 2 (value x 10000) on its published cases", async (t) => {
  t.equal(bucketOf('seed', 'a'), 505)
  t.equal(bucketOf('seed', 'b'), 2696)
})

t.test('the hash of a number\'s digits equals fnv1a32 of its decimal text, around every change in the count of digits', async (t) => {
  const edges = [0, 1, 9, 10, 99, 100, 9_999, 10_000, 99_999, 100_000, 100_001, 100_005, 1_000_000, 1_234_567, 999_999_999, 1_000_000_000, 2 ** 32 - 1]
  for (const n of edges) t.equal(fnvOfDecimal(n), fnv1a32(String(n)), String(n))
})

t.test('bucketOf equals the algorithm written out with strings, for seeded random seeds and ids', async (t) => {
  let state = 7
  const next = () => { state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x297a2d39 | 0; return (state >>> 0).toString(36) }
  let same = 0
  for (let i = 0; i < 2000; i++) {
    const seed = next()
    const id = next()
    if (bucketOf(seed, id) === fnv1a32(String(fnv1a32(seed + id))) % BUCKETS) same++
  }
  t.equal(same, 2000)
})

t.test('buckets fall in 0..9999', async (t) => {
  for (let i = 0; i < 1000; i++) {
    const b = bucketOf('exp', `user-${i}`)
    t.ok(Number.isInteger(b) && b >= 0 && b < BUCKETS)
  }
})

t.test('pickByWeight uses half-open ranges of whole percents', async (t) => {
  t.equal(pickByWeight(w(50, 50), 0), 0)
  t.equal(pickByWeight(w(50, 50), 4999), 0)
  t.equal(pickByWeight(w(50, 50), 5000), 1)
  t.equal(pickByWeight(w(50, 50), 9999), 1)
  t.equal(pickByWeight(w(0, 100), 0), 1)
  t.equal(pickByWeight(w(30, 0, 70), 3000), 2)
  t.equal(pickByWeight(w(40), 4000), -1, 'uncovered bucket')
})

t.test('bucketRanges lists each entry\'s half-open range', async (t) => {
  t.strictSame(bucketRanges(w(20, 0, 80)), [[0, 2000], [2000, 2000], [2000, 10000]])
})

t.test('an experience\'s seeds, hashed at load, bucket as its key and its control-group seed do', async (t) => {
  const seeds = bucketSeedsOf('exp-1')
  for (const id of ['a', 'user-42', '']) {
    t.equal(bucketFrom(seeds.variation, id), bucketOf('exp-1', id), id)
    t.equal(bucketFrom(seeds.controlGroup, id), bucketOf('control-group:exp-1', id), id)
  }
})
