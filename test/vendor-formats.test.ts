// The vendor formats that are not shapes (src/vendor/): read from the schemas, written nowhere else.
import t from 'tap'
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { validatorFor } from '../src/validation/registry.js'
import { buildCid, CID_SHAPE, parseCid } from '../src/vendor/cid.js'
import { DAY_NAMES, dayNameOf, HOUR_NAMES } from '../src/vendor/session-names.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const hex = fc.stringMatching(/^[0-9a-f]{24}$/)
const variation = fc.stringMatching(/^[0-9]{1,6}$/)
const audience = fc.stringMatching(/^[0-9A-Za-z]{1,24}$/)
const isCid = validatorFor('common.schema.json#/definitions/ExperienceContext')

t.test('a built cid parses back to its parts, and the schema accepts it', async (t) => {
  fc.assert(fc.property(hex, variation, audience, (campaignId, variationId, audienceId) => {
    const cid = buildCid(campaignId, variationId, audienceId)
    t.same(parseCid(cid), { campaignId, variationId, audienceId })
    const context = { cid, experience: 'e', moe_locale_id: '0', moe_variation_id: variationId, audience_name: 'a', audience_id: audienceId, type: 'Web Personalization' }
    return isCid(context)
  }), { seed: 15, numRuns: 200 })
})

t.test('parseCid refuses what the schema pattern refuses', async (t) => {
  const vendor = '66d55ae445921e4d35ae4368_F_T_WP_AB_2_P_0_AU_5A'
  t.same(parseCid(vendor), { campaignId: '66d55ae445921e4d35ae4368', variationId: '2', audienceId: '5A' })
  for (const bad of ['', vendor.toUpperCase(), vendor.slice(1), `${vendor}_`, vendor.replace('_AB_2', '_AB_x'), vendor.replace('_P_0_', '_P_1_')]) {
    t.equal(parseCid(bad), undefined, JSON.stringify(bad))
  }
  t.equal(CID_SHAPE, '<24 hex>_F_T_WP_AB_<variation>_P_0_AU_<audience>')
})

t.test('the day of an instant is its UTC day, named as the fetch schema names it', async (t) => {
  t.same(DAY_NAMES, ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'])
  t.equal(HOUR_NAMES.length, 24)
  t.equal(HOUR_NAMES[7], '07')
  t.equal(dayNameOf(new Date('2026-12-06T23:59:59Z')), 'Sunday')
  t.equal(dayNameOf(new Date('2026-12-07T00:00:00+01:00')), 'Sunday', 'midnight in Paris is still Sunday in UTC')
})

t.test('no source file outside src/generated and src/vendor spells the cid format or the day names', async (t) => {
  const spelled = [/_F_T_WP_AB_/, /['"]Monday['"]/, /['"]Saturday['"]/]
  const found: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name)
      const rel = path.relative(root, file)
      if (entry.isDirectory()) {
        if (rel !== path.join('src', 'generated') && rel !== path.join('src', 'vendor')) walk(file)
      } else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(file, 'utf8')
        for (const re of spelled) if (re.test(text)) found.push(`${rel}: ${String(re)}`)
      }
    }
  }
  walk(path.join(root, 'src'))
  t.same(found, [])
})
