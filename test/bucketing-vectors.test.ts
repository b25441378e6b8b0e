// The shipped vector file pins algorithm fnv1a32-v2: the TypeScript implementation must reproduce every
// case, and so must the independent Python checker users can port to other languages.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { BUCKETING_VERSION, BUCKETS, bucketOf, pickByWeight } from '../src/targeting/bucketing.js'
import type { BucketingVectors } from '../src/generated/types.js'
import { violations } from './helpers/schemas.js'

const file = fileURLToPath(new URL('../fixtures/bucketing-vectors.json', import.meta.url))
const vectors = JSON.parse(readFileSync(file, 'utf8')) as BucketingVectors

t.test('the vector file validates against its schema and names the algorithm in use', async (t) => {
  t.strictSame(violations('bucketing-vectors.schema.json', vectors), [])
  t.equal(vectors.version, BUCKETING_VERSION)
  t.equal(vectors.buckets, BUCKETS)
})

t.test('every vector reproduces: inputs -> bucket -> variation', async (t) => {
  for (const c of vectors.cases) {
    const bucket = bucketOf(c.seed, c.id)
    t.equal(bucket, c.bucket, `${c.seed} + ${c.id.slice(0, 20)}: bucket`)
    t.equal(pickByWeight(c.weights.map((weight) => ({ weight })), bucket), c.variation_index, `${c.seed} + ${c.id.slice(0, 20)}: variation`)
  }
})

const python = spawnSync('python3', ['--version']).status === 0
t.test('the independent Python checker agrees with the file', { skip: python ? false : 'python3 is not installed' }, async (t) => {
  const run = spawnSync('python3', [fileURLToPath(new URL('../scripts/check-bucketing-vectors.py', import.meta.url)), file], { encoding: 'utf8' })
  t.equal(run.status, 0, run.stdout + run.stderr)
  t.match(run.stdout, `${vectors.cases.length} of ${vectors.cases.length} cases match`)
})
