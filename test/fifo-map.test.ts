// The bounded map behind the journals: past its cap it forgets the oldest key, and only that, however long it runs.
import t from 'tap'
import fc from 'fast-check'
import { FifoMap } from '../src/server/journal/fifo-map.js'

t.test('past the cap the oldest key is forgotten and returned; a key set again keeps its place', async (t) => {
  const m = new FifoMap<string, number>(2)
  t.equal(m.set('a', 1), undefined)
  t.equal(m.set('b', 2), undefined)
  t.equal(m.set('a', 10), undefined, 'replacing a value forgets nothing')
  t.equal(m.set('c', 3), 'a', 'a is still the oldest')
  t.same([...m.keys()], ['b', 'c'])
  t.equal(m.get('a'), undefined)
  m.clear()
  t.equal(m.size, 0)
  t.equal(m.set('d', 4), undefined, 'a cleared map starts afresh')
})

t.test('over long runs it holds exactly the newest cap keys, in order, as a plain array model does', async (t) => {
  const run = fc.check(fc.property(
    fc.integer({ min: 1, max: 50 }),
    // Long runs with few clears (-1), so the queue is compacted many times between them.
    fc.array(
      fc.oneof({ weight: 3000, arbitrary: fc.integer({ min: 0, max: 20000 }) }, { weight: 1, arbitrary: fc.constant(-1) }),
      { minLength: 2000, maxLength: 5000 }
    ),
    (cap, ops) => {
      const m = new FifoMap<number, number>(cap)
      let model: number[] = []
      for (const op of ops) {
        if (op === -1) {
          m.clear()
          model = []
          continue
        }
        const present = model.includes(op)
        const forgotten = m.set(op, op)
        if (!present) model.push(op)
        const expected = model.length > cap ? model.shift() : undefined
        if (forgotten !== expected) return false
      }
      return m.size === model.length && [...m.keys()].every((k, i) => k === model[i])
    }
  ), { seed: 20261202, numRuns: 60 })
  t.notOk(run.failed, fc.defaultReportMessage(run) ?? 'holds')
})
