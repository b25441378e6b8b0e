// What this mock served, to whom: the ground truth the event journal's context check compares against.
// Per workspace and environment (keyed by the app key that reaches it: <id> or <id>_DEBUG), bounded: the oldest
// (campaign, customer) pairs are forgotten first.
import { SERVER_DEFAULTS } from '../defaults.js'
import type { ContextCheck, ContextIds, EventAttributes, ServedContexts, ServedExperience } from '../../generated/types.js'
import { buildCid, parseCid } from '../../vendor/cid.js'
import { FifoMap } from './fifo-map.js'

const SEP = '\u0000'

interface WorkspaceLog {
  /** `${campaign}\0${customer}` -> `${variation}\0${audience}` pairs served. */
  served: FifoMap<string, Set<string>>
  /** campaign -> how many entries of `served` name it. */
  campaigns: Map<string, number>
}

export class ServedLog {
  readonly #byAppKey = new Map<string, WorkspaceLog>()

  constructor (readonly capPerWorkspace: number = SERVER_DEFAULTS.servedLogCap) {}

  /**
   * Records the experiences of one fetch answer under every id the request carried (see reportingIds):
   * "" for a visitor without any id, whose answers any customer may report.
   */
  record (appKey: string, customers: readonly string[], served: Iterable<ServedExperience>): void {
    let log = this.#byAppKey.get(appKey)
    if (log === undefined) {
      log = { served: new FifoMap(this.capPerWorkspace), campaigns: new Map() }
      this.#byAppKey.set(appKey, log)
    }
    for (const exp of served) {
      const { campaign, pair } = partsOf(exp)
      for (const customer of customers) {
        const key = `${campaign}${SEP}${customer}`
        let pairs = log.served.get(key)
        if (pairs === undefined) {
          pairs = new Set()
          log.campaigns.set(campaign, (log.campaigns.get(campaign) ?? 0) + 1)
          const forgotten = log.served.set(key, pairs)
          if (forgotten !== undefined) forget(log, forgotten)
        }
        pairs.add(pair)
      }
    }
  }

  /**
   * Whether `attributes` echo a context this mock served to `customer` (docs/admin-api.md, event journal). A customer
   * never served this campaign is checked against the answers given to visitors without any id, if any.
   */
  check (appKey: string, customer: string, attributes: EventAttributes): ContextCheck {
    const cid = parseCid(attributes.cid)
    const log = this.#byAppKey.get(appKey)
    if (cid === undefined || log === undefined || !log.campaigns.has(cid.campaignId)) return 'unknown_cid'
    const campaign = cid.campaignId
    const pairs = log.served.get(`${campaign}${SEP}${customer}`) ?? log.served.get(`${campaign}${SEP}`)
    if (pairs === undefined) return 'customer_mismatch'
    const variation = attributes.moe_variation_id
    const audience = attributes.audience_id
    const consistent = cid.variationId === variation && cid.audienceId === audience
    if (consistent && pairs.has(`${variation}${SEP}${audience}`)) return 'ok'
    const audiences = [...pairs].map((p) => p.split(SEP)[1])
    return audiences.includes(audience) && cid.audienceId === audience ? 'variation_mismatch' : 'audience_mismatch'
  }

  /**
   * What `check` compared an event with: the variations and audiences of the campaign its cid names served to
   * `customer`, else to visitors without any id ("" then); none when neither was served it.
   */
  servedTo (appKey: string, customer: string, attributes: EventAttributes): ServedContexts {
    const campaign = parseCid(attributes.cid)?.campaignId
    const served = campaign === undefined ? undefined : this.#byAppKey.get(appKey)?.served
    const own = served?.get(`${campaign ?? ''}${SEP}${customer}`)
    const pairs = own ?? served?.get(`${campaign ?? ''}${SEP}`)
    return {
      customer_id: own === undefined && pairs !== undefined ? '' : customer,
      contexts: [...pairs ?? []].map((pair): ContextIds => {
        const [variation = '', audience = ''] = pair.split(SEP)
        return { cid: buildCid(campaign ?? '', variation, audience), moe_variation_id: variation, audience_id: audience }
      })
    }
  }

  clear (): void {
    this.#byAppKey.clear()
  }
}

/** A (campaign, customer) pair the log let go of: its campaign counts one entry fewer. */
function forget (log: WorkspaceLog, key: string): void {
  const campaign = key.split(SEP)[0] ?? ''
  const left = (log.campaigns.get(campaign) ?? 1) - 1
  if (left === 0) log.campaigns.delete(campaign)
  else log.campaigns.set(campaign, left)
}

/** Served entries are shared, frozen objects: their parts are worked out once each. */
const parts = new WeakMap<ServedExperience, { campaign: string, pair: string }>()
function partsOf (exp: ServedExperience): { campaign: string, pair: string } {
  let p = parts.get(exp)
  if (p === undefined) {
    const ctx = exp.experience_context
    p = { campaign: ctx.cid.slice(0, 24), pair: `${ctx.moe_variation_id}${SEP}${ctx.audience_id}` }
    parts.set(exp, p)
  }
  return p
}
