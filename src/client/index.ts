// The typed Personalize client.
export { createPersonalizeClient, type PersonalizeClient } from './client.js'
export { DATA_CENTERS, dataCenterUrl, type ClientOptions, type DataCenter } from './config.js'
export { PersonalizeApiError, PersonalizeNetworkError } from './errors.js'
export { buildEvent, SHOWN, CLICKED, type EventInput } from './events.js'
export { basicAuthorization, type RawRequest, type RawResponse } from './transport.js'
export { DEFAULT_RETRY, type RetryPolicy } from './retry.js'
export { redactor, type Redact } from './redact.js'
export { createAdminClient, AdminApiError, type AdminClient, type AdminClientOptions, type EventQuery } from './admin.js'
