// Reading served payload values by their data_type: the wire format lives with the fixtures that produce it.
export { readPayload, readPayloadValue, type PayloadValue } from '../fixtures/payload-values.js'
