// The fetch answer's text: the response's JSON, joined from each served entry's text made once.
import t from 'tap'
import type { FetchResponse, ServedExperience } from '../src/generated/types.js'
import { serializeFetchResponse } from '../src/server/serialize.js'

function entry (headline: string): ServedExperience {
  return {
    payload: { Headline: { value: headline, data_type: 'string' } },
    experience_context: {
      cid: '65eae5738ea5032b0ef60138_F_T_WP_AB_1_P_0_AU_A1',
      experience: `Expérience ${headline}`,
      moe_locale_id: '0',
      moe_variation_id: '1',
      audience_name: 'Everyone',
      audience_id: 'A1',
      type: 'Web Personalization',
      experience_type: 'API based Experience'
    }
  }
}

t.test('the answer is the response\'s JSON, keys and values outside ASCII included, in the order served', async (t) => {
  const experiences: Record<string, ServedExperience> = Object.create(null)
  experiences['héllo'] = Object.freeze(entry('Grüße 👋'))
  const proto = '__proto__' // an own key of a prototype-less object
  experiences[proto] = entry('not frozen: written afresh')
  experiences['日本'] = Object.freeze(entry('a "quoted" line\nand a second'))
  experiences['plain-key'] = experiences['héllo']
  const response: FetchResponse = { experiences }
  for (const round of ['first', 'again, from the texts made once']) t.equal(serializeFetchResponse(response), JSON.stringify(response), round)
  t.strictSame(Object.keys(JSON.parse(serializeFetchResponse(response)).experiences), ['héllo', '__proto__', '日本', 'plain-key'])
})

t.test('an answer that serves nothing is an empty experiences object', async (t) => {
  t.equal(serializeFetchResponse({ experiences: {} }), '{"experiences":{}}')
})
