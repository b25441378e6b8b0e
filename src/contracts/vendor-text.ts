// The vendor's documented strings, as the contract cases expect them (facts sheet §4).
export const VENDOR = {
  CLIENT_NOT_FOUND: { title: 'Request Error', description: 'MoEngage Client not found. Please check values for headers - MOE-APPKEY or MOE-DBNAME' },
  AUTH: { title: 'Authentication required', description: 'Invalid API_KEY used in Authentication Header' },
  MALFORMED: { title: 'Malformed JSON', description: 'Could not decode the request body. The JSON was incorrect or not encoded as UTF-8.' },
  INVALID_DAY: 'DAY_OF_THE_WEEK - Enum doesnt allow value: funday, allowed values: [Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday]',
  INVALID_ACTION: 'elements - Validators Failed : Validator: Element, Errored Field: actions',
  EVENTS_ACCEPTED: 'Your request has been accepted and will be processed soon.'
} as const

export const CID = /^[0-9a-f]{24}_F_T_WP_AB_([0-9]+)_P_0_AU_([0-9A-Za-z]+)$/
export const EIGHT_LETTERS = /^[A-Za-z]{8}$/
