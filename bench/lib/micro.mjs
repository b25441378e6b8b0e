// Timing of in-process calls for the micro-benchmarks: warm up, then the median over batches of the time per call.

export function median (xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/** Median over `batches` of the time per call of `fn`, in microseconds, after a warm-up. */
export function microseconds (fn, { batches, iterations, warmUp = iterations }) {
  for (let i = 0; i < warmUp; i++) fn()
  const perCall = []
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < iterations; i++) fn()
    perCall.push(Number(process.hrtime.bigint() - t0) / 1000 / iterations)
  }
  return median(perCall)
}
