// Which journaled requests a reader asked for (GET /__admin/requests?route=&status=&workspace=&customer=&since=).
import type { RequestRoute } from '../../generated/types.js'
import { routeOf, type JournaledRequest } from './request-journal.js'
import { tryParseJson } from '../../validation/json.js'

export interface RequestFilter {
  route?: RequestRoute
  /** Statuses from min to max, both included (404: 404-404; 4xx: 400-499). */
  status?: { min: number, max: number }
  /** The workspace id the MOE-APPKEY reached (either environment); for one that reached none, the MOE-APPKEY sent. */
  workspace?: string
  /** A customer the request named: the fetch's customer_id or the user it resolved to, or an events element's. */
  customer?: string
  /** Only entries with a larger seq. */
  since?: number
}

export function matchesFilter (e: JournaledRequest, f: RequestFilter): boolean {
  if (f.since !== undefined && e.seq <= f.since) return false
  if (f.route !== undefined && routeOf(e.path) !== f.route) return false
  if (f.status !== undefined && (e.status < f.status.min || e.status > f.status.max)) return false
  if (f.workspace !== undefined && (e.environment?.workspaceId ?? e.headers['moe-appkey']) !== f.workspace) return false
  return f.customer === undefined || namesCustomer(e, f.customer)
}

function namesCustomer (e: JournaledRequest, customer: string): boolean {
  if (e.decision?.visitor.user?.customer_id === customer) return true
  // The journal keeps the body's text, not its objects: parsed here, when a reader filters by customer.
  const body = e.body === undefined ? undefined : tryParseJson(e.body)
  if (!isObject(body)) return false
  if (isObject(body.identifiers) && body.identifiers.customer_id === customer) return true
  return Array.isArray(body.elements) && body.elements.some((element) => isObject(element) && element.customer_id === customer)
}

function isObject (value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
