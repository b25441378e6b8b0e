// GET /experiences/metadata: listing, the status filter, its case-sensitivity and the count.
import type { MetadataResponse } from '../../generated/types.js'
import type { Checker, ContractCase } from '../case.js'
import type { RawResponse } from '../../client/transport.js'
import { METADATA } from './requests.js'

/** 200, valid against the metadata response schema; returns the body for further checks. */
function listing (check: Checker, res: RawResponse, label: string): MetadataResponse | undefined {
  if (!check.status(res, 200, label) || !check.schema(res, 'metadata-response.schema.json', label)) return undefined
  return res.json as MetadataResponse
}

/** A listing whose count is the number of experiences it lists. */
function listed (check: Checker, res: RawResponse, label: string): MetadataResponse | undefined {
  const body = listing(check, res, label)
  if (body !== undefined) check.equal(body.metadata.count, body.metadata.experiences.length, `${label}: count equals the number listed`)
  return body
}
const get = (query?: string) => ({ method: 'GET', path: METADATA, ...(query === undefined ? {} : { query }) })

/** A status filter that matches nothing: 200 with count 0, never an error. */
function listsNothing (id: string, title: string, status: string): ContractCase {
  return {
    id,
    title,
    needs: [],
    writes: false,
    async run ({ send, check }) {
      const label = `status=${status}`
      const body = listed(check, await send(`metadata?${label}`, get(label)), label)
      if (body !== undefined) check.equal(body, { metadata: { count: 0, experiences: [] } }, `${label}: body`)
    }
  }
}

export const metadataCases: ContractCase[] = [
  {
    id: 'metadata.all',
    title: 'without status every experience is listed with its status and the count',
    needs: [],
    writes: false,
    async run ({ profile, send, check }) {
      const body = listed(check, await send('metadata', get()), 'metadata')
      if (body === undefined) return
      const statusOf = (key: string | undefined) => body.metadata.experiences.find((e) => e.experience_key === key)?.status
      if (profile.active_all_users_key !== undefined) check.equal(statusOf(profile.active_all_users_key), 'Active', `status of ${profile.active_all_users_key}`)
      if (profile.paused_key !== undefined) check.equal(statusOf(profile.paused_key), 'Paused', `status of ${profile.paused_key}`)
      if (profile.scheduled_key !== undefined) check.equal(statusOf(profile.scheduled_key), 'Scheduled', `status of ${profile.scheduled_key}`)
    }
  },
  {
    id: 'metadata.filter',
    title: 'status=Active lists only Active experiences; status=Active,Paused only those two',
    needs: [],
    writes: false,
    async run ({ profile, send, check }) {
      // The unfiltered listing is only the reference here: its count is metadata.all's to check.
      const all = listing(check, await send('metadata', get()), 'metadata')
      const active = listed(check, await send('metadata?status=Active', get('status=Active')), 'status=Active')
      const two = listed(check, await send('metadata?status=Active,Paused', get('status=Active,Paused')), 'status=Active,Paused')
      if (all === undefined || active === undefined || two === undefined) return
      const count = (statuses: string[]) => all.metadata.experiences.filter((e) => statuses.includes(e.status)).length
      check.ok(active.metadata.experiences.every((e) => e.status === 'Active'), 'status=Active lists only Active')
      check.equal(active.metadata.count, count(['Active']), 'status=Active: count')
      check.ok(two.metadata.experiences.every((e) => e.status === 'Active' || e.status === 'Paused'), 'status=Active,Paused lists only those')
      check.equal(two.metadata.count, count(['Active', 'Paused']), 'status=Active,Paused: count')
      if (profile.active_all_users_key !== undefined) {
        check.ok(
          active.metadata.experiences.some((e) => e.experience_key === profile.active_all_users_key),
          `status=Active lists ${profile.active_all_users_key}`
        )
      }
    }
  },
  {
    id: 'metadata.empty-status',
    title: 'status= given empty lists every experience (metadata_empty_status "all"), or nothing ("none")',
    // The workspace has an experience, so an empty listing is the filter's doing.
    needs: ['active_all_users_key'],
    writes: false,
    async run ({ profile, send, check }) {
      const res = await send('metadata?status=', get('status='))
      const empty = listed(check, res, 'status=')
      if (empty === undefined) return
      if (empty.metadata.count === 0) {
        check.observed('metadata_empty_status', 'none', res, 'status=')
        return
      }
      const listsKey = empty.metadata.experiences.some((e) => e.experience_key === profile.active_all_users_key)
      if (check.ok(listsKey, `status=: lists ${empty.metadata.count} experiences, but not ${profile.active_all_users_key ?? ''}`)) {
        check.observed('metadata_empty_status', 'all', res, 'status=')
      }
    }
  },
  {
    id: 'metadata.post',
    title: 'POST /experiences/metadata is 405 (metadata_post "method_not_allowed"), or answered like GET ("serve")',
    needs: [],
    writes: false,
    async run ({ send, check }) {
      const label = 'POST metadata'
      const res = await send(label, { method: 'POST', path: METADATA })
      if (res.status === 405) {
        if (check.schema(res, 'error.schema.json', label)) check.observed('metadata_post', 'method_not_allowed', res, label)
      } else if (listed(check, res, label) !== undefined) {
        check.observed('metadata_post', 'serve', res, label)
      }
    }
  },
  listsNothing('metadata.case-sensitive', 'status is case-sensitive: status=active lists nothing, without an error', 'active'),
  listsNothing('metadata.unknown-status', 'an unknown status lists nothing, without an error', 'NotAStatus')
]
