// An answer with its volatile parts replaced by their format, so two targets can be compared:
// error codes and req_ids (random letters) and the campaign part of cids (ids differ per workspace).
import type { RawResponse } from '../client/transport.js'
import { EIGHT_LETTERS } from './vendor-text.js'
import { buildCid, parseCid } from '../vendor/cid.js'

export interface NormalizedAnswer {
  status: number
  body: unknown
}

export function normalizeAnswer (res: RawResponse): NormalizedAnswer {
  return { status: res.status, body: res.json === undefined ? { text: res.text } : mask(res.json, '') }
}

function mask (value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((v) => mask(v, key))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]))
  }
  if (typeof value !== 'string') return value
  if ((key === 'code' || key === 'req_id') && EIGHT_LETTERS.test(value)) return '<8 letters>'
  if (key === 'cid') {
    const cid = parseCid(value)
    if (cid !== undefined) return buildCid('<24 hex>', cid.variationId, cid.audienceId)
  }
  return value
}

export interface ValueDifference {
  path: string
  left: string
  right: string
}

/** Every path where the two values differ: missing keys, other types, other values. */
export function diffValues (left: unknown, right: unknown, path = ''): ValueDifference[] {
  if (JSON.stringify(left) === JSON.stringify(right)) return []
  const bothObjects = isObject(left) && isObject(right)
  const bothArrays = Array.isArray(left) && Array.isArray(right)
  if (bothObjects || (bothArrays && left.length === right.length)) {
    const l = left as Record<string, unknown>
    const r = right as Record<string, unknown>
    const keys = [...new Set([...Object.keys(l), ...Object.keys(r)])]
    return keys.flatMap((k) => {
      const here = path === '' ? k : `${path}.${k}`
      if (!(k in l)) return [{ path: here, left: ABSENT, right: show(r[k]) }]
      if (!(k in r)) return [{ path: here, left: show(l[k]), right: ABSENT }]
      return diffValues(l[k], r[k], here)
    })
  }
  return [{ path: path === '' ? '(whole)' : path, left: show(left), right: show(right) }]
}

const ABSENT = '(absent)'

function isObject (v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function show (v: unknown): string {
  const text = JSON.stringify(v) ?? String(v)
  return text.length > 200 ? `${text.slice(0, 197)}...` : text
}
