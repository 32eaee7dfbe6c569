/**
 * ITU-T G.711 companding, 16-bit linear PCM to 8-bit μ-law (PCMU) and A-law (PCMA).
 * The segment/quantisation layout follows G.711 Tables 1a/2a (μ-law: 14-bit magnitude,
 * bias 33, all bits inverted; A-law: 13-bit magnitude, even bits inverted with 0x55);
 * the arithmetic is the public-domain Sun reference (g711.c) on which most stacks agree.
 * Decoders return the midpoint of each quantisation interval, scaled to 16 bits.
 */

const QUANT_MASK = 0x0f
const SEG_MASK = 0x70
const SEG_SHIFT = 4
const SIGN_BIT = 0x80

/** Upper end of each segment in 13-bit (A-law) and 14-bit (μ-law) magnitude (G.711 Tables 1a, 2a). */
const segAEnd = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff] as const
const segUEnd = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff] as const

/** μ-law bias (G.711 §3.2: 33 in 14-bit units, 0x84 in 16-bit) and clip level (8159 = 8191 − 33 + 1). */
const ULAW_BIAS = 0x84
const ULAW_CLIP = 8159

const segmentOf = (magnitude: number, ends: readonly number[]): number => {
  const i = ends.findIndex((end) => magnitude <= end)
  return i === -1 ? ends.length : i
}

/** Clamp any number to a 16-bit signed integer sample. */
const toInt16 = (x: number): number => Math.max(-32768, Math.min(32767, Math.round(x)))

/** One 16-bit linear sample to one μ-law byte (G.711 §3, Table 2a). */
export const linearToUlaw = (sample: number): number => {
  let pcm = toInt16(sample) >> 2
  let mask = 0xff
  if (pcm < 0) {
    pcm = -pcm
    mask = 0x7f
  }
  pcm = Math.min(pcm, ULAW_CLIP) + (ULAW_BIAS >> 2)
  const seg = segmentOf(pcm, segUEnd)
  if (seg >= 8) return 0x7f ^ mask
  return ((seg << SEG_SHIFT) | ((pcm >> (seg + 1)) & QUANT_MASK)) ^ mask
}

/** One μ-law byte to a 16-bit linear sample (G.711 §3, Table 2a). */
export const ulawToLinear = (code: number): number => {
  const u = ~code & 0xff
  const t = (((u & QUANT_MASK) << 3) + ULAW_BIAS) << ((u & SEG_MASK) >> SEG_SHIFT)
  return u & SIGN_BIT ? ULAW_BIAS - t : t - ULAW_BIAS
}

/** One 16-bit linear sample to one A-law byte (G.711 §2, Table 1a). */
export const linearToAlaw = (sample: number): number => {
  let pcm = toInt16(sample) >> 3
  let mask = 0xd5
  if (pcm < 0) {
    pcm = -pcm - 1
    mask = 0x55
  }
  const seg = segmentOf(pcm, segAEnd)
  if (seg >= 8) return 0x7f ^ mask
  const mantissa = (seg < 2 ? pcm >> 1 : pcm >> seg) & QUANT_MASK
  return ((seg << SEG_SHIFT) | mantissa) ^ mask
}

/** One A-law byte to a 16-bit linear sample (G.711 §2, Table 1a). */
export const alawToLinear = (code: number): number => {
  const a = (code ^ 0x55) & 0xff
  const seg = (a & SEG_MASK) >> SEG_SHIFT
  let t = (a & QUANT_MASK) << 4
  if (seg === 0) t += 8
  else t = (t + 0x108) << (seg - 1)
  return a & SIGN_BIT ? t : -t
}

const ulawTable = Int16Array.from({ length: 256 }, (_, i) => ulawToLinear(i))
const alawTable = Int16Array.from({ length: 256 }, (_, i) => alawToLinear(i))

/** A block of 16-bit samples to μ-law bytes. */
export const encodeUlaw = (samples: ArrayLike<number>): Uint8Array =>
  Uint8Array.from({ length: samples.length }, (_, i) => linearToUlaw(samples[i] ?? 0))

/** μ-law bytes to 16-bit samples (table lookup). */
export const decodeUlaw = (bytes: Uint8Array): Int16Array => Int16Array.from(bytes, (b) => ulawTable[b] ?? 0)

/** A block of 16-bit samples to A-law bytes. */
export const encodeAlaw = (samples: ArrayLike<number>): Uint8Array =>
  Uint8Array.from({ length: samples.length }, (_, i) => linearToAlaw(samples[i] ?? 0))

/** A-law bytes to 16-bit samples (table lookup). */
export const decodeAlaw = (bytes: Uint8Array): Int16Array => Int16Array.from(bytes, (b) => alawTable[b] ?? 0)
