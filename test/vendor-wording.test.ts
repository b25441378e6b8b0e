import t from 'tap'
import { describeEventsViolation, describeFetchViolation } from '../src/server/vendor-wording.js'
import type { Diagnostic } from '../src/validation/registry.js'

const d = (over: Partial<Diagnostic>): Diagnostic => ({ pointer: '', keyword: 'type', message: 'm', params: {}, ...over })

t.test('fetch violations read "<dotted field> - <reason>"', async (t) => {
  t.equal(describeFetchViolation(d({ pointer: '/identifiers/customer_id', params: { type: 'string' } })), 'identifiers.customer_id - Not a valid string.')
  t.equal(describeFetchViolation(d({ pointer: '/DAY_OF_THE_WEEK', keyword: 'enum', value: 'funday', params: { allowedValues: ['Sunday', 'Monday'] } })),
    'DAY_OF_THE_WEEK - Enum doesnt allow value: funday, allowed values: [Sunday, Monday]')
  t.equal(describeFetchViolation(d({ pointer: '/x', keyword: 'enum', value: { a: 1 }, params: { allowedValues: [1, 2] } })),
    'x - Enum doesnt allow value: {"a":1}, allowed values: [1, 2]')
  t.equal(describeFetchViolation(d({ pointer: '/a~1b', params: { type: 'integer,string' } })), 'a/b - Not a valid integer or string.')
  t.equal(describeFetchViolation(d({ pointer: '', params: { type: 'object' } })), 'body - Not a valid mapping.')
})

t.test('events violations inside an element name the element field, as the vendor does', async (t) => {
  t.equal(describeEventsViolation(d({ pointer: '/elements/3/actions/0/action', keyword: 'enum', params: { allowedValues: [] } })),
    'elements - Validators Failed : Validator: Element, Errored Field: actions')
  t.equal(describeEventsViolation(d({ pointer: '/elements/0', keyword: 'required', params: { missingProperty: 'customer_id' } })),
    'elements - Validators Failed : Validator: Element, Errored Field: customer_id')
  t.equal(describeEventsViolation(d({ pointer: '/elements/0', params: { type: 'object' } })),
    'elements - Validators Failed : Validator: Element, Errored Field: elements')
})

t.test('events violations of the batch itself name elements with the reason', async (t) => {
  t.equal(describeEventsViolation(d({ keyword: 'required', params: { missingProperty: 'elements' } })), 'elements - Missing data for required field.')
  t.equal(describeEventsViolation(d({ pointer: '/elements', keyword: 'maxItems', params: { limit: 100 } })), 'elements - Length must be at most 100.')
})

t.test('range, length and pattern reasons', async (t) => {
  t.equal(describeFetchViolation(d({ pointer: '/n', keyword: 'minimum', params: { limit: -5 } })), 'n - Must be greater than or equal to -5.')
  t.equal(describeFetchViolation(d({ pointer: '/n', keyword: 'exclusiveMaximum', params: { limit: 9 } })), 'n - Must be less than 9.')
  t.equal(describeFetchViolation(d({ pointer: '/s', keyword: 'minLength', params: { limit: 1 } })), 's - Shorter than minimum length 1.')
  t.equal(describeFetchViolation(d({ pointer: '/s', keyword: 'pattern', params: { pattern: 'x' } })), 's - String does not match expected pattern.')
  t.equal(describeFetchViolation(d({ pointer: '/u', keyword: 'uniqueItems', message: 'must NOT have duplicate items' })), 'u - must NOT have duplicate items')
})
