// The served log, the ground truth of the event journal's context check: what was served to whom, per workspace,
// bounded by its cap with the oldest (campaign, customer) entries forgotten first.
import t from 'tap'
import type { ContextIds, EventAttributes, ServedExperience } from '../src/generated/types.js'
import { ServedLog } from '../src/server/journal/served-log.js'
import { buildCid } from '../src/vendor/cid.js'

const CAMPAIGN_A = 'aaaaaaaaaaaaaaaaaaaaaaaa'
const CAMPAIGN_B = 'bbbbbbbbbbbbbbbbbbbbbbbb'
const CAMPAIGN_C = 'cccccccccccccccccccccccc'

function served (campaign: string, variation: string, audience: string): ServedExperience {
  return {
    payload: {},
    experience_context: {
      cid: buildCid(campaign, variation, audience),
      experience: 'E',
      moe_locale_id: '0',
      moe_variation_id: variation,
      audience_name: 'A',
      audience_id: audience,
      type: 'Web Personalization',
      experience_type: 'API based Experience'
    }
  }
}

/** The attributes of an event that reports this context. */
const echo = (campaign: string, variation: string, audience: string): EventAttributes =>
  ({ ...ids(campaign, variation, audience), experience: 'E', moe_locale_id: '0', audience_name: 'A' })
const ids = (campaign: string, variation: string, audience: string): ContextIds =>
  ({ cid: buildCid(campaign, variation, audience), moe_variation_id: variation, audience_id: audience })

t.test('an event is checked against what was served to its customer, else to visitors without an id', async (t) => {
  const log = new ServedLog()
  log.record('WS', ['alice'], [served(CAMPAIGN_A, '1', 'A1')])
  log.record('WS', [''], [served(CAMPAIGN_B, '2', 'A2')])
  t.equal(log.check('WS', 'alice', echo(CAMPAIGN_A, '1', 'A1')), 'ok')
  t.equal(log.check('WS', 'alice', echo(CAMPAIGN_A, '2', 'A1')), 'variation_mismatch')
  t.equal(log.check('WS', 'alice', echo(CAMPAIGN_A, '1', 'A9')), 'audience_mismatch')
  t.equal(log.check('WS', 'bob', echo(CAMPAIGN_A, '1', 'A1')), 'customer_mismatch')
  t.equal(log.check('WS', 'bob', echo(CAMPAIGN_B, '2', 'A2')), 'ok', 'an anonymous answer may be reported by anyone')
  t.equal(log.check('OTHER', 'alice', echo(CAMPAIGN_A, '1', 'A1')), 'unknown_cid', 'workspaces do not share the log')
  t.strictSame(log.servedTo('WS', 'bob', echo(CAMPAIGN_B, '2', 'A2')), { customer_id: '', contexts: [ids(CAMPAIGN_B, '2', 'A2')] })
  log.record('WS', [], [served(CAMPAIGN_C, '1', 'C1')])
  t.equal(log.check('WS', 'alice', echo(CAMPAIGN_C, '1', 'C1')), 'unknown_cid', 'served to no one is not served')
  log.clear()
  t.equal(log.check('WS', 'alice', echo(CAMPAIGN_A, '1', 'A1')), 'unknown_cid', 'a cleared log knows nothing')
})

t.test('past the cap the oldest (campaign, customer) entry is forgotten, and a campaign with none left is unknown', async (t) => {
  const log = new ServedLog(2)
  log.record('WS', ['alice'], [served(CAMPAIGN_A, '1', 'A1')])
  log.record('WS', ['bob'], [served(CAMPAIGN_A, '1', 'A1')])
  log.record('WS', ['bob'], [served(CAMPAIGN_A, '2', 'A1')])
  t.equal(log.check('WS', 'alice', echo(CAMPAIGN_A, '1', 'A1')), 'ok', 'a second variation for bob is no new entry')
  log.record('WS', ['carol'], [served(CAMPAIGN_B, '1', 'B1')])
  t.equal(log.check('WS', 'alice', echo(CAMPAIGN_A, '1', 'A1')), 'customer_mismatch', 'alice, the oldest, is forgotten')
  t.equal(log.check('WS', 'bob', echo(CAMPAIGN_A, '2', 'A1')), 'ok')
  log.record('WS', ['dave'], [served(CAMPAIGN_B, '1', 'B1')])
  t.equal(log.check('WS', 'bob', echo(CAMPAIGN_A, '1', 'A1')), 'unknown_cid', 'campaign A has no entry left')
  t.equal(log.check('WS', 'carol', echo(CAMPAIGN_B, '1', 'B1')), 'ok')
  t.equal(log.check('WS', 'dave', echo(CAMPAIGN_B, '1', 'B1')), 'ok')
})

t.test('a customer served several variations of a campaign may report any of them, listed in the order served', async (t) => {
  const log = new ServedLog()
  for (const variation of ['1', '2', '1', '3']) log.record('WS', ['alice'], [served(CAMPAIGN_A, variation, 'A1')])
  for (const variation of ['1', '2', '3']) t.equal(log.check('WS', 'alice', echo(CAMPAIGN_A, variation, 'A1')), 'ok', variation)
  t.equal(log.check('WS', 'alice', echo(CAMPAIGN_A, '4', 'A1')), 'variation_mismatch')
  t.strictSame(log.servedTo('WS', 'alice', echo(CAMPAIGN_A, '4', 'A1')), {
    customer_id: 'alice',
    contexts: ['1', '2', '3'].map((variation) => ids(CAMPAIGN_A, variation, 'A1'))
  })
})

t.test('an answer logged under several ids is recorded experience by experience: past the cap the oldest go first', async (t) => {
  const log = new ServedLog(2)
  log.record('WS', ['alice', 'bob'], [served(CAMPAIGN_A, '1', 'A1'), served(CAMPAIGN_B, '1', 'B1')])
  t.equal(log.check('WS', 'alice', echo(CAMPAIGN_A, '1', 'A1')), 'unknown_cid', 'campaign A, served first, is forgotten for both')
  t.equal(log.check('WS', 'bob', echo(CAMPAIGN_A, '1', 'A1')), 'unknown_cid')
  t.equal(log.check('WS', 'alice', echo(CAMPAIGN_B, '1', 'B1')), 'ok')
  t.equal(log.check('WS', 'bob', echo(CAMPAIGN_B, '1', 'B1')), 'ok')
  const tiny = new ServedLog(1)
  tiny.record('WS', ['alice', 'bob'], [served(CAMPAIGN_A, '1', 'A1'), served(CAMPAIGN_B, '1', 'B1')])
  t.equal(tiny.check('WS', 'bob', echo(CAMPAIGN_B, '1', 'B1')), 'ok', 'the newest entry is kept, though older ones emptied its customer')
  t.equal(tiny.check('WS', 'alice', echo(CAMPAIGN_B, '1', 'B1')), 'customer_mismatch')
})
