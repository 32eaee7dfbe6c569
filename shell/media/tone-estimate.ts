/** Rough measurements of received audio: level and pitch (for tests and diagnostics). */

/** Root-mean-square level, 0 to 32768. */
export const rms = (samples: ArrayLike<number>): number => {
  let sum = 0
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length)
}

/** Frequency of a pure tone from its sign changes: crossings / 2 per second of samples. */
export const zeroCrossingHz = (samples: ArrayLike<number>, rate: number): number => {
  let crossings = 0
  let previous = 0
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] ?? 0
    if (s === 0) continue
    if (previous !== 0 && Math.sign(s) !== Math.sign(previous)) crossings++
    previous = s
  }
  return samples.length === 0 ? 0 : (crossings / 2) * (rate / samples.length)
}
