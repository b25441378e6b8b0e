// What this mock served, to whom: the ground truth the event journal's context check compares against.
// Per workspace and environment (keyed by the app key that reaches it: <id> or <id>_DEBUG), bounded: the oldest
// (campaign, customer) pairs are forgotten first.
import { SERVER_DEFAULTS } from '../defaults.js'
import type { ContextCheck, ContextIds, EventAttributes, ServedContexts, ServedExperience } from '../../generated/types.js'
import { buildCid, parseCid } from '../../vendor/cid.js'
import { FifoQueue } from './fifo-queue.js'

const SEP = '\u0000'

interface WorkspaceLog {
  /**
   * campaign -> customer -> `${variation}\0${audience}` pairs served. Two levels, not one map of joined keys: a
   * lookup then hashes strings it already has, where a joined key was a new string to hash at every lookup.
   */
  byCampaign: Map<string, Map<string, Set<string>>>
  /** The (campaign, customer) entries in the order first served: past the cap, the oldest is forgotten. */
  order: FifoQueue<[campaign: string, customer: string]>
}

export class ServedLog {
  readonly #byAppKey = new Map<string, WorkspaceLog>()

  constructor (readonly capPerWorkspace: number = SERVER_DEFAULTS.servedLogCap) {}

  /**
   * Records the experiences of one fetch answer under every id the request carried (see reportingIds):
   * "" for a visitor without any id, whose answers any customer may report.
   */
  record (appKey: string, customers: readonly string[], served: Iterable<ServedExperience>): void {
    if (customers.length === 0) return
    let log = this.#byAppKey.get(appKey)
    if (log === undefined) {
      log = { byCampaign: new Map(), order: new FifoQueue() }
      this.#byAppKey.set(appKey, log)
    }
    for (const exp of served) {
      const { campaign, pair } = partsOf(exp)
      let customersServed = log.byCampaign.get(campaign)
      if (customersServed === undefined) {
        customersServed = new Map()
        log.byCampaign.set(campaign, customersServed)
      }
      for (const customer of customers) {
        let pairs = customersServed.get(customer)
        if (pairs === undefined) {
          pairs = new Set()
          customersServed.set(customer, pairs)
          log.order.push([campaign, customer])
          if (log.order.length > this.capPerWorkspace) forgetOldest(log)
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
    const customersServed = cid === undefined ? undefined : this.#byAppKey.get(appKey)?.byCampaign.get(cid.campaignId)
    if (cid === undefined || customersServed === undefined) return 'unknown_cid'
    const pairs = customersServed.get(customer) ?? customersServed.get('')
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
    const customersServed = campaign === undefined ? undefined : this.#byAppKey.get(appKey)?.byCampaign.get(campaign)
    const own = customersServed?.get(customer)
    const pairs = own ?? customersServed?.get('')
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

/** Forgets the (campaign, customer) entry first served; a campaign left with no customer is forgotten too. */
function forgetOldest (log: WorkspaceLog): void {
  const [campaign, customer] = log.order.shift() as [string, string]
  const customersServed = log.byCampaign.get(campaign)
  customersServed?.delete(customer)
  if (customersServed?.size === 0) log.byCampaign.delete(campaign)
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
