import { Either } from 'effect'
import { describe, expect, it } from 'vitest'
import { loopSource, silenceSource, toneSource } from './sample-source.ts'
import { rms, zeroCrossingHz } from './tone-estimate.ts'
import { encodeWav, parseWav } from './wav.ts'

const refusal = (bytes: Uint8Array): string => Either.match(parseWav(bytes), { onLeft: (e) => e, onRight: () => 'accepted' })

/** A WAV header with the given fmt fields and `dataBytes` of zeros. */
const wavWith = (fields: { tag?: number; channels?: number; rate?: number; bits?: number }, dataBytes = 8): Uint8Array => {
  const bytes = encodeWav(new Int16Array(dataBytes / 2))
  const view = new DataView(bytes.buffer)
  view.setUint16(20, fields.tag ?? 1, true)
  view.setUint16(22, fields.channels ?? 1, true)
  view.setUint32(24, fields.rate ?? 8000, true)
  view.setUint16(34, fields.bits ?? 16, true)
  return bytes
}

describe('WAV (16-bit mono 8 kHz PCM only)', () => {
  it('round-trips samples', () => {
    const samples = Int16Array.of(0, 1, -1, 32767, -32768, 1234)
    expect(Either.getOrThrow(parseWav(encodeWav(samples)))).toEqual(samples)
  })

  it('skips other chunks, word-aligned, before the data', () => {
    const plain = encodeWav(Int16Array.of(5, -5))
    const list = Uint8Array.of(...[...'LIST'].map((c) => c.charCodeAt(0)), 3, 0, 0, 0, 1, 2, 3, 0)
    const bytes = new Uint8Array([...plain.subarray(0, 36), ...list, ...plain.subarray(36)])
    expect(Either.getOrThrow(parseWav(bytes))).toEqual(Int16Array.of(5, -5))
  })

  it('accepts WAVE_FORMAT_EXTENSIBLE with the PCM sub-format', () => {
    const plain = encodeWav(Int16Array.of(7))
    const fmt = new Uint8Array(48)
    const v = new DataView(fmt.buffer)
    fmt.set([...'fmt '].map((c) => c.charCodeAt(0)))
    v.setUint32(4, 40, true)
    v.setUint16(8, 0xfffe, true)
    v.setUint16(10, 1, true)
    v.setUint32(12, 8000, true)
    v.setUint16(22, 16, true)
    v.setUint16(32, 1, true) // sub-format GUID starts with 0x0001: PCM
    const bytes = new Uint8Array([...plain.subarray(0, 12), ...fmt, ...plain.subarray(36)])
    expect(Either.getOrThrow(parseWav(bytes))).toEqual(Int16Array.of(7))
  })

  it('refuses other formats, saying what it found', () => {
    expect(refusal(wavWith({ channels: 2 }))).toBe('unsupported WAV: 2 channels (need mono)')
    expect(refusal(wavWith({ rate: 44100 }))).toBe('unsupported WAV: 44100 Hz (need 8000 Hz; no resampling)')
    expect(refusal(wavWith({ bits: 8 }))).toBe('unsupported WAV: 8 bits per sample (need 16)')
    expect(refusal(wavWith({ tag: 3, bits: 32, rate: 16000 }))).toBe(
      'unsupported WAV: format tag 3 (need 1, PCM), 16000 Hz (need 8000 Hz; no resampling), 32 bits per sample (need 16)',
    )
    expect(refusal(new TextEncoder().encode('ID3 not a wav at all'))).toBe('not a RIFF/WAVE file')
    expect(refusal(encodeWav(new Int16Array(0)).subarray(0, 36))).toBe('no data chunk')
  })
})

describe('sample sources', () => {
  it('generates a continuous tone whose pitch and level can be measured back', () => {
    const tone = toneSource(440, 8000, 0.5)
    const second = new Int16Array(8000)
    for (let f = 0; f < 50; f++) second.set(tone(f * 160, 160), f * 160)
    expect(zeroCrossingHz(second, 8000)).toBeCloseTo(440, -1)
    expect(rms(second)).toBeCloseTo((0.5 * 32767) / Math.SQRT2, -2)
    // Frame boundaries do not break the phase: a frame equals the same span of one long block.
    expect(tone(1000, 160)).toEqual(tone(0, 1160).subarray(1000))
  })

  it('loops a recording and plays silence', () => {
    expect(loopSource(Int16Array.of(1, 2, 3))(2, 5)).toEqual(Int16Array.of(3, 1, 2, 3, 1))
    expect(loopSource(new Int16Array(0))(0, 2)).toEqual(new Int16Array(2))
    expect(rms(silenceSource(0, 160))).toBe(0)
  })
})
