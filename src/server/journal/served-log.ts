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
   * customer -> campaign -> the `${variation}\0${audience}` pair served, or a Set once more than one was. Customer
   * first: the experiences of one answer are all one customer's, so a record works in that customer's map, not in
   * one map per campaign. And bucketing is sticky, so most entries keep one pair, which needs no Set.
   */
  byCustomer: Map<string, Map<string, Pairs>>
  /** campaign -> how many customers it has entries for: a campaign with none is unknown to the check. */
  customersOf: Map<string, number>
  /** The (campaign, customer) entries in the order first served: past the cap, the oldest is forgotten. */
  order: FifoQueue<[campaign: string, customer: string]>
}

type Pairs = string | Set<string>

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
      log = { byCustomer: new Map(), customersOf: new Map(), order: new FifoQueue() }
      this.#byAppKey.set(appKey, log)
    }
    // Experience by experience, as the answer served them, so past the cap the oldest are forgotten in that order. A
    // customer's map is looked up each time: forgetting an entry of another's may have emptied and dropped it.
    for (const exp of served) {
      const { campaign, pair } = partsOf(exp)
      for (const customer of customers) {
        const campaigns = campaignsOf(log, customer)
        const pairs = campaigns.get(campaign)
        if (pairs === undefined) {
          campaigns.set(campaign, pair)
          log.customersOf.set(campaign, (log.customersOf.get(campaign) ?? 0) + 1)
          log.order.push([campaign, customer])
          if (log.order.length > this.capPerWorkspace) forgetOldest(log)
        } else if (typeof pairs !== 'string') pairs.add(pair)
        else if (pairs !== pair) campaigns.set(campaign, new Set([pairs, pair]))
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
    if (cid === undefined || log === undefined || !log.customersOf.has(cid.campaignId)) return 'unknown_cid'
    const pairs = pairsServed(log, customer, cid.campaignId)?.pairs
    if (pairs === undefined) return 'customer_mismatch'
    const variation = attributes.moe_variation_id
    const audience = attributes.audience_id
    const consistent = cid.variationId === variation && cid.audienceId === audience
    const served = listed(pairs)
    if (consistent && served.includes(`${variation}${SEP}${audience}`)) return 'ok'
    const audiences = served.map((p) => p.split(SEP)[1])
    return audiences.includes(audience) && cid.audienceId === audience ? 'variation_mismatch' : 'audience_mismatch'
  }

  /**
   * What `check` compared an event with: the variations and audiences of the campaign its cid names served to
   * `customer`, else to visitors without any id ("" then); none when neither was served it.
   */
  servedTo (appKey: string, customer: string, attributes: EventAttributes): ServedContexts {
    const campaign = parseCid(attributes.cid)?.campaignId
    const log = this.#byAppKey.get(appKey)
    const served = campaign === undefined || log === undefined ? undefined : pairsServed(log, customer, campaign)
    return {
      customer_id: served?.to ?? customer,
      contexts: listed(served?.pairs).map((pair): ContextIds => {
        const [variation = '', audience = ''] = pair.split(SEP)
        return { cid: buildCid(campaign ?? '', variation, audience), moe_variation_id: variation, audience_id: audience }
      })
    }
  }

  clear (): void {
    this.#byAppKey.clear()
  }
}

/** A customer's map of campaigns, made when first needed. */
function campaignsOf (log: WorkspaceLog, customer: string): Map<string, Pairs> {
  let campaigns = log.byCustomer.get(customer)
  if (campaigns === undefined) {
    campaigns = new Map()
    log.byCustomer.set(customer, campaigns)
  }
  return campaigns
}

/** The pairs of a campaign served to `customer`, else to visitors without any id, and to which of the two. */
function pairsServed (log: WorkspaceLog, customer: string, campaign: string): { to: string, pairs: Pairs } | undefined {
  for (const to of [customer, '']) {
    const pairs = log.byCustomer.get(to)?.get(campaign)
    if (pairs !== undefined) return { to, pairs }
  }
  return undefined
}

function listed (pairs: Pairs | undefined): string[] {
  return pairs === undefined ? [] : typeof pairs === 'string' ? [pairs] : [...pairs]
}

/** Forgets the (campaign, customer) entry first served; a customer or campaign left with none is forgotten too. */
function forgetOldest (log: WorkspaceLog): void {
  const [campaign, customer] = log.order.shift() as [string, string]
  const campaigns = log.byCustomer.get(customer)
  if (campaigns?.delete(campaign) !== true) return
  if (campaigns.size === 0) log.byCustomer.delete(customer)
  const left = (log.customersOf.get(campaign) ?? 1) - 1
  if (left === 0) log.customersOf.delete(campaign)
  else log.customersOf.set(campaign, left)
}

/** Served entries are shared, frozen objects: their parts are worked out once each. */
const parts = new WeakMap<ServedExperience, { campaign: string, pair: string }>()
function partsOf (exp: ServedExperience): { campaign: string, pair: string } {
  let p = parts.get(exp)
  if (p === undefined) {
    const ctx = exp.experience_context
    // Entries are well formed (the engine's, or a recording's that passed the context schema): the cid parses.
    p = { campaign: parseCid(ctx.cid)?.campaignId ?? ctx.cid, pair: `${ctx.moe_variation_id}${SEP}${ctx.audience_id}` }
    parts.set(exp, p)
  }
  return p
}
