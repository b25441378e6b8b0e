// The fetch answer's text: its response's JSON, joined from each served entry's member text made once.
import t from 'tap'
import type { ServedExperience } from '../src/generated/types.js'
import { serializeFetchAnswer } from '../src/server/serialize.js'
import { responseOf, type FetchAnswer } from '../src/targeting/evaluate.js'

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

t.test('the answer is its entries\' JSON under their keys, outside ASCII too, in the order served, number-like keys included', async (t) => {
  const greeting = Object.freeze(entry('Grüße 👋'))
  const answer: FetchAnswer = {
    keys: ['héllo', '__proto__', '20000', '日本', '10000', 'plain-key'],
    entries: [greeting, entry('not frozen: written afresh'), greeting, Object.freeze(entry('a "quoted" line\nand a second')), greeting, greeting]
  }
  const members = answer.keys.map((key, i) => `${JSON.stringify(key)}:${JSON.stringify(answer.entries[i])}`)
  const expected = `{"experiences":{${members.join(',')}}}`
  for (const round of ['first', 'again, from the texts made once']) t.equal(serializeFetchAnswer(answer), expected, round)
  t.strictSame(JSON.parse(expected), JSON.parse(JSON.stringify(responseOf(answer))), 'the same experiences as responseOf, which a JS object orders its own way')
})

t.test('an answer that serves nothing is an empty experiences object', async (t) => {
  t.equal(serializeFetchAnswer({ keys: [], entries: [] }), '{"experiences":{}}')
})
