// Deterministic, sticky variation assignment.
//
// Algorithm "fnv1a32-v2" (GrowthBook's hashVersion 2, chosen so users can check it with any GrowthBook
// SDK): n = fnv1a32(String(fnv1a32(seed + id))) % 10000, seed = the experience key, id = the visitor's
// bucketing id. Variation i owns the half-open range [100 * (w_0 + … + w_{i-1}), 100 * (w_0 + … + w_i))
// of 0..9999, weights in whole percent. MoEngage does not publish its own algorithm, so only stickiness
// is claimed, never parity with the vendor.

import { FNV_OFFSET, fnvOver } from '../fixtures/bucket-seeds.js'

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

/**
 * bucketOf(seed, id) from the seed's hash state (an experience's BucketSeeds, hashed at load): only the id is hashed.
 * The decimal string is made: V8 converts a number faster than arithmetic can take its digits apart.
 */
export function bucketFrom (seedState: number, id: string): number {
  return fnv1a32(String(fnvOver(seedState, id) >>> 0)) % BUCKETS
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
