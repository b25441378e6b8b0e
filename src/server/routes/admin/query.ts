// Query parameters shared by the admin routes: each given once, in the form its route documents.
import type { Environment } from '../../../generated/types.js'
import { VendorError } from '../../errors.js'

type Query = Partial<Record<string, string | string[]>>

/** The query, refused when a parameter is given more than once. */
export function onceEach<Q extends Query> (q: Q): { [K in keyof Q]: Exclude<Q[K], string[]> } {
  const repeated = Object.entries(q).find(([, v]) => Array.isArray(v))
  if (repeated !== undefined) throw new VendorError('ADMIN_INVALID', `${repeated[0]} - give it once`)
  return q as { [K in keyof Q]: Exclude<Q[K], string[]> }
}

/** `last=N`: only the newest N entries (a page polling the journal needs no more). */
export function lastOf (q: { last?: string }): number | undefined {
  if (q.last === undefined) return undefined
  if (!/^[1-9]\d{0,5}$/.test(q.last)) throw new VendorError('ADMIN_INVALID', 'last must be a whole number from 1 to 999999')
  return Number(q.last)
}

/** `environment=live|test`; undefined when omitted. */
export function environmentOf (q: { environment?: string }): Environment | undefined {
  const e = q.environment
  if (e === undefined) return undefined
  if (e !== 'live' && e !== 'test') throw new VendorError('ADMIN_INVALID', 'environment - live (MOE-APPKEY <id>) or test (MOE-APPKEY <id>_DEBUG)')
  return e
}
