// Deterministic, sticky variation assignment.
//
// Algorithm "fnv1a32-v2" (GrowthBook's hashVersion 2, chosen so users can check it with any GrowthBook
// SDK): n = fnv1a32(String(fnv1a32(seed + id))) % 10000, seed = the experience key, id = the visitor's
// bucketing id. Variation i owns the half-open range [100 * (w_0 + … + w_{i-1}), 100 * (w_0 + … + w_i))
// of 0..9999, weights in whole percent. MoEngage does not publish its own algorithm, so only stickiness
// is claimed, never parity with the vendor.

import { FNV_OFFSET, FNV_PRIME, fnvOver } from '../fixtures/bucket-seeds.js'

export const BUCKETING_VERSION = 'fnv1a32-v2'
/** Bucket values are integers 0..BUCKETS-1. */
export const BUCKETS = 10_000

/** 32-bit FNV-1a over UTF-16 code units (as JavaScript's charCodeAt sees the string). */
export function fnv1a32 (input: string): number {
  return fnvOver(FNV_OFFSET, input) >>> 0
}

/** fnv1a32(String(fnv1a32(seed + id))) % BUCKETS, without joining the seed and the id. */
export function bucketOf (seed: string, id: string): number {
  return bucketFrom(fnvOver(FNV_OFFSET, seed), id)
}

/** bucketOf(seed, id) from the seed's hash state (an experience's BucketSeeds, hashed at load): only the id is hashed. */
export function bucketFrom (seedState: number, id: string): number {
  return fnvOfDecimal(fnvOver(seedState, id) >>> 0) % BUCKETS
}

/**
 * fnv1a32(String(n)) for a whole number 0 <= n < 2^32, without making the string: under load, String(n) missed V8's
 * number-to-string cache and cost about 250 ns. The number is split in two halves below 100,000 so the digits come
 * from 32-bit integer arithmetic.
 */
export function fnvOfDecimal (n: number): number {
  const high = Math.floor(n / 100_000)
  const low = n - high * 100_000
  const hash = high > 0 ? digitsOver(digitsOver(FNV_OFFSET, high, unitOf(high)), low, 10_000) : digitsOver(FNV_OFFSET, low, unitOf(low))
  return hash >>> 0
}

/** FNV-1a continued over the decimal digits of x < 10 * unit, from the digit worth `unit` down (zeros included). */
function digitsOver (hash: number, x: number, unit: number): number {
  for (; unit >= 1; unit = (unit / 10) | 0) {
    const digit = (x / unit) | 0
    x -= digit * unit
    hash = Math.imul(hash ^ (48 + digit), FNV_PRIME)
  }
  return hash
}

/** The largest power of ten not above x (1 for 0). */
function unitOf (x: number): number {
  let unit = 1
  while (unit * 10 <= x) unit *= 10
  return unit
}

/** The index of the weighted entry whose range holds `bucket`; -1 when the weights do not cover it. */
export function pickByWeight (entries: ReadonlyArray<{ readonly weight: number }>, bucket: number): number {
  let end = 0
  for (let i = 0; i < entries.length; i++) {
    end += (entries[i]?.weight ?? 0) * (BUCKETS / 100)
    if (bucket < end) return i
  }
  return -1
}

/** The half-open bucket range [start, end) of each weighted entry. */
export function bucketRanges (entries: ReadonlyArray<{ readonly weight: number }>): Array<[number, number]> {
  let start = 0
  return entries.map((e) => {
    const range: [number, number] = [start, start + e.weight * (BUCKETS / 100)]
    start = range[1]
    return range
  })
}
