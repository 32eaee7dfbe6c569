/**
 * The one WAV layout the G.711 streams play without resampling: RIFF/WAVE, PCM
 * (format tag 1, or WAVE_FORMAT_EXTENSIBLE with the PCM sub-format), 16-bit,
 * mono, 8000 Hz. Anything else is refused with a message naming what was found.
 */
import { Either } from 'effect'

export interface WavFormat {
  readonly formatTag: number
  readonly channels: number
  readonly sampleRate: number
  readonly bitsPerSample: number
}

const ascii = (data: Uint8Array, at: number): string => String.fromCharCode(...data.subarray(at, at + 4))

const WAVE_FORMAT_PCM = 1
const WAVE_FORMAT_EXTENSIBLE = 0xfffe
export const WAV_RATE = 8000

/** Samples of a 16-bit mono 8 kHz PCM WAV file, or why it cannot be played. */
export const parseWav = (data: Uint8Array): Either.Either<Int16Array, string> => {
  if (data.length < 12 || ascii(data, 0) !== 'RIFF' || ascii(data, 8) !== 'WAVE') {
    return Either.left('not a RIFF/WAVE file')
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  let format: WavFormat | undefined
  for (let at = 12; at + 8 <= data.length; ) {
    const id = ascii(data, at)
    const size = view.getUint32(at + 4, true)
    const body = at + 8
    if (id === 'fmt ') {
      if (size < 16 || body + size > data.length) return Either.left('truncated fmt chunk')
      let formatTag = view.getUint16(body, true)
      // WAVE_FORMAT_EXTENSIBLE: the real tag is the first two bytes of the sub-format GUID.
      if (formatTag === WAVE_FORMAT_EXTENSIBLE && size >= 40) formatTag = view.getUint16(body + 24, true)
      format = {
        formatTag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      }
    } else if (id === 'data') {
      if (format === undefined) return Either.left('data chunk before fmt chunk')
      const problems = [
        format.formatTag !== WAVE_FORMAT_PCM && `format tag ${format.formatTag} (need 1, PCM)`,
        format.channels !== 1 && `${format.channels} channels (need mono)`,
        format.sampleRate !== WAV_RATE && `${format.sampleRate} Hz (need ${WAV_RATE} Hz; no resampling)`,
        format.bitsPerSample !== 16 && `${format.bitsPerSample} bits per sample (need 16)`,
      ].filter((p): p is string => typeof p === 'string')
      if (problems.length > 0) return Either.left(`unsupported WAV: ${problems.join(', ')}`)
      const bytes = Math.min(size, data.length - body) & ~1
      const samples = new Int16Array(bytes / 2)
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + 2 * i, true)
      return Either.right(samples)
    }
    at = body + size + (size & 1) // chunks are word-aligned
  }
  return Either.left(format === undefined ? 'no fmt chunk' : 'no data chunk')
}

/** A 16-bit mono PCM WAV file of `samples` at `rate` (for tests and recordings). */
export const encodeWav = (samples: Int16Array, rate = WAV_RATE): Uint8Array => {
  const out = new Uint8Array(44 + samples.length * 2)
  const view = new DataView(out.buffer)
  const put = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)))
  put(0, 'RIFF')
  view.setUint32(4, 36 + samples.length * 2, true)
  put(8, 'WAVE')
  put(12, 'fmt ')
  view.setUint32(16, 16, true)
  view.setUint16(20, WAVE_FORMAT_PCM, true)
  view.setUint16(22, 1, true)
  view.setUint32(24, rate, true)
  view.setUint32(28, rate * 2, true)
  view.setUint16(32, 2, true)
  view.setUint16(34, 16, true)
  put(36, 'data')
  view.setUint32(40, samples.length * 2, true)
  samples.forEach((s, i) => view.setInt16(44 + 2 * i, s, true))
  return out
}
