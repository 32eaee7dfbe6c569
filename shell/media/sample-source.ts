/**
 * What a stream plays: 16-bit linear samples at the codec's clock rate (8 kHz for G.711),
 * as a pure function of the absolute sample index so that hold, resume and re-pointing
 * never disturb the phase of the signal.
 */

/** `count` samples starting at sample index `from`. */
export type SampleSource = (from: number, count: number) => Int16Array

/** A sine of `hz` at `amplitude` (0–1 of full scale), sampled at `rate`. */
export const toneSource =
  (hz: number, rate: number, amplitude = 0.5): SampleSource =>
  (from, count) =>
    Int16Array.from({ length: count }, (_, i) =>
      Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * ((from + i) % rate)) / rate)),
    )

/** Digital silence. */
export const silenceSource: SampleSource = (_from, count) => new Int16Array(count)

/** A fixed recording, looped. */
export const loopSource =
  (samples: Int16Array): SampleSource =>
  (from, count) =>
    samples.length === 0
      ? new Int16Array(count)
      : Int16Array.from({ length: count }, (_, i) => samples[(from + i) % samples.length] ?? 0)
