// `personalize-mock record`: the recording proxy on a port, the recording file rewritten after every call.
import { Recorder } from '../record/recording.js'
import { listen } from '../server/listen.js'
import { buildRecordingProxy } from '../server/recording-proxy.js'
import { PACKAGE_VERSION } from '../version.js'
import type { RecordOptions } from './args.js'
import { FileWriter } from './file-writer.js'
import { loggerOptions } from './logger.js'
import type { Output } from './serve.js'

/** Starts the proxy; resolves to a function that stops it and finishes writing the file. */
export async function record (opts: RecordOptions, io: Output): Promise<() => Promise<void>> {
  const recorder = new Recorder({ upstream: opts.upstream, redact: opts.redact, recordedWith: `moengage-personalize-mock ${PACKAGE_VERSION}` })
  const writer = new FileWriter(opts.out, (err) => { io.err(`could not write ${opts.out}: ${err.message}`) })
  // The file exists (empty of calls) from the start, so a mistyped path fails now rather than at the first call.
  await writer.schedule(() => recorder.toJson())
  const app = await buildRecordingProxy({
    upstream: opts.upstream,
    recorder,
    // The app gets its answer once the file holds the call.
    onChange: async () => { await writer.schedule(() => recorder.toJson()) },
    bodyLimit: opts.bodyLimit,
    logger: loggerOptions(opts.logLevel, io)
  })
  const baseUrl = await listen(app, { host: opts.host, port: opts.port })
  io.out([
    `recording on ${baseUrl} -> ${opts.upstream}`,
    `writing ${opts.out} after every call${opts.redact.length === 0 ? '' : ` (masking ${opts.redact.join(', ')})`}`,
    `point your app at ${baseUrl} with its real credentials; Ctrl-C stops`
  ].join('\n'))
  return async () => {
    await app.close()
    await writer.flush()
    io.err(`${recorder.recording.interactions.length} call(s) recorded in ${opts.out}`)
  }
}
