// Query parameters shared by the admin routes: each given once, in the form its route documents.
import type { Environment, RequestRoute } from '../../../generated/types.js'
import { VendorError } from '../../errors.js'
import { JOURNAL_ROUTES as ROUTES } from '../../journal/request-journal.js'

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

/** `since=SEQ`: only entries with a larger seq (SEQ from an earlier answer's last_seq or an entry's seq). */
export function sinceOf (q: { since?: string }): number | undefined {
  return q.since === undefined ? undefined : seqOf(q.since, 'since')
}

/** A journal seq given in a query or a path: a whole number. */
export function seqOf (text: string, name: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new VendorError('ADMIN_INVALID', `${name} - "${text}" is not a seq (a whole number) from an earlier answer`)
  return Number(text)
}

/** `status=404` (that status), `status=4xx` (the class), `status=0` (dropped connections). */
export function statusOf (q: { status?: string }): { min: number, max: number } | undefined {
  const s = q.status
  if (s === undefined) return undefined
  if (/^(0|[1-5]\d\d)$/.test(s)) return { min: Number(s), max: Number(s) }
  if (/^[1-5]xx$/.test(s)) return { min: Number(s[0]) * 100, max: Number(s[0]) * 100 + 99 }
  throw new VendorError('ADMIN_INVALID', `status - "${s}" is neither a status (404), a class (4xx) nor 0 (a dropped connection)`)
}

/** `route=fetch|metadata|events|explain`. */
export function routeNamed (q: { route?: string }): RequestRoute | undefined {
  const r = q.route
  if (r === undefined) return undefined
  const route = ROUTES.find((name) => name === r)
  if (route === undefined) throw new VendorError('ADMIN_INVALID', `route - one of ${ROUTES.join(', ')}`)
  return route
}
