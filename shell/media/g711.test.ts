import { describe, expect, it } from 'vitest'
import { alawToLinear, decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw, linearToAlaw, linearToUlaw, ulawToLinear } from './g711.ts'

/** Signal-to-quantisation-noise ratio, dB, of a codec round trip over `samples`. */
const sqnr = (samples: Int16Array, roundTrip: (s: Int16Array) => Int16Array): number => {
  const back = roundTrip(samples)
  let signal = 0
  let noise = 0
  samples.forEach((s, i) => {
    signal += s * s
    noise += (s - (back[i] ?? 0)) ** 2
  })
  return 10 * Math.log10(signal / noise)
}

const sine = (amplitude: number) =>
  Int16Array.from({ length: 8000 }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * 1004 * i) / 8000)))

describe('G.711 μ-law (PCMU)', () => {
  it('decodes the reference table values', () => {
    // Codes 0x00..0x0F are the largest negative magnitudes; 0x80 the largest positive; 0xFF and 0x7F are ±0.
    expect([0x00, 0x01, 0x0f, 0x7f, 0x80, 0xe0, 0xf0, 0xfe, 0xff].map(ulawToLinear)).toEqual([
      -32124, -31100, -16764, 0, 32124, 372, 120, 8, 0,
    ])
  })

  it('encodes the reference values, clipping at full scale', () => {
    expect([0, 8, -8, 1000, -1000, 32767, -32768].map(linearToUlaw)).toEqual([0xff, 0xfe, 0x7e, 0xce, 0x4e, 0x80, 0x00])
  })

  it('re-encodes every decoded code to itself (0x7F, negative zero, becomes 0xFF)', () => {
    for (let c = 0; c < 256; c++) expect(linearToUlaw(ulawToLinear(c))).toBe(c === 0x7f ? 0xff : c)
  })

  it('stays within half a quantisation step over the whole 16-bit range', () => {
    // Step is 1/16 of the segment base; clipping above 32635 costs at most 643.
    const over: number[] = []
    for (let x = -32768; x <= 32767; x++) {
      if (Math.abs(ulawToLinear(linearToUlaw(x)) - x) > 8 + Math.abs(x) / 32) over.push(x)
    }
    expect(over).toEqual([])
  })

  it('keeps roughly 38 dB SQNR on a full-scale sine and is level-independent', () => {
    const rt = (s: Int16Array) => decodeUlaw(encodeUlaw(s))
    expect(sqnr(sine(32000), rt)).toBeGreaterThan(37)
    expect(sqnr(sine(1000), rt)).toBeGreaterThan(30)
  })
})

describe('G.711 A-law (PCMA)', () => {
  it('decodes the reference table values', () => {
    // Even bits inverted: 0xD5/0x55 are the smallest ±8, 0xAA/0x2A the largest ±32256.
    expect([0x00, 0x01, 0x2a, 0x55, 0xaa, 0xd5, 0x80, 0xd4].map(alawToLinear)).toEqual([
      -5504, -5248, -32256, -8, 32256, 8, 5504, 24,
    ])
  })

  it('encodes the reference values, clipping at full scale', () => {
    expect([0, 8, -1, -8, 1000, -1000, 32767, -32768].map(linearToAlaw)).toEqual([0xd5, 0xd5, 0x55, 0x55, 0xfa, 0x7a, 0xaa, 0x2a])
  })

  it('re-encodes every decoded code to itself', () => {
    for (let c = 0; c < 256; c++) expect(linearToAlaw(alawToLinear(c))).toBe(c)
  })

  it('stays within half a quantisation step over the whole 16-bit range', () => {
    const over: number[] = []
    for (let x = -32768; x <= 32767; x++) {
      if (Math.abs(alawToLinear(linearToAlaw(x)) - x) > 8 + Math.abs(x) / 32) over.push(x)
    }
    expect(over).toEqual([])
  })

  it('keeps roughly 38 dB SQNR on a full-scale sine', () => {
    const rt = (s: Int16Array) => decodeAlaw(encodeAlaw(s))
    expect(sqnr(sine(32000), rt)).toBeGreaterThan(37)
    expect(sqnr(sine(1000), rt)).toBeGreaterThan(30)
  })

  it('clamps out-of-range and fractional input', () => {
    expect(linearToAlaw(1e9)).toBe(0xaa)
    expect(linearToUlaw(-1e9)).toBe(0x00)
    expect(encodeUlaw([0.4, -40000])).toEqual(Uint8Array.of(0xff, 0x00))
  })
})
