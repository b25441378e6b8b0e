// The vendor's documented strings, as the contract cases expect them (facts sheet §4), and the forms the
// cases expect where the vendor documents a sentence for one field only.

/** The events sentence for an element error, up to the field; documented with `actions`. */
const ELEMENT_ERROR = 'elements - Validators Failed : Validator: Element, Errored Field: '

export const VENDOR = {
  CLIENT_NOT_FOUND: { title: 'Request Error', description: 'MoEngage Client not found. Please check values for headers - MOE-APPKEY or MOE-DBNAME' },
  AUTH: { title: 'Authentication required', description: 'Invalid API_KEY used in Authentication Header' },
  MALFORMED: { title: 'Malformed JSON', description: 'Could not decode the request body. The JSON was incorrect or not encoded as UTF-8.' },
  INVALID_DAY: 'DAY_OF_THE_WEEK - Enum doesnt allow value: funday, allowed values: [Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday]',
  INVALID_ACTION: `${ELEMENT_ERROR}actions`,
  EVENTS_ACCEPTED: 'Your request has been accepted and will be processed soon.'
} as const

/**
 * The documented events sentence naming another field of the element (the mock's wording: the vendor
 * documents the sentence for `actions` only).
 */
export function elementError (field: string): string {
  return ELEMENT_ERROR + field
}

/**
 * A fetch field error the vendor does not word: the field named first, in the "<field> - <reason>" form of
 * its documented DAY_OF_THE_WEEK sentence (the reason is not checked).
 */
export function fieldError (field: string): RegExp {
  return new RegExp(`^${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} - `)
}

export const EIGHT_LETTERS = /^[A-Za-z]{8}$/
