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

t.test('the answer is the JSON of its response, keys and values outside ASCII included, in the order served', async (t) => {
  const greeting = Object.freeze(entry('Grüße 👋'))
  const answer: FetchAnswer = {
    keys: ['héllo', '__proto__', '日本', 'plain-key'],
    entries: [greeting, entry('not frozen: written afresh'), Object.freeze(entry('a "quoted" line\nand a second')), greeting]
  }
  const expected = JSON.stringify(responseOf(answer))
  for (const round of ['first', 'again, from the texts made once']) t.equal(serializeFetchAnswer(answer), expected, round)
  t.strictSame(Object.keys(JSON.parse(expected).experiences), answer.keys, 'responseOf keeps every key, "__proto__" too, in order')
})

t.test('an answer that serves nothing is an empty experiences object', async (t) => {
  t.equal(serializeFetchAnswer({ keys: [], entries: [] }), '{"experiences":{}}')
})
