/**
 * Packet bytes in a trace: as text when they are valid UTF-8 (readable, diffable),
 * as base64 otherwise (fuzzed or binary bytes survive the round trip).
 */
import * as t from 'io-ts'

export type Payload = { readonly text: string } | { readonly base64: string }

export const payloadCodec: t.Type<Payload, unknown, unknown> = t.union([t.type({ text: t.string }), t.type({ base64: t.string })])

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

const toBase64 = (bytes: Uint8Array): string => {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

export const payloadOf = (bytes: Uint8Array): Payload => {
  try {
    return { text: strictUtf8.decode(bytes) }
  } catch {
    return { base64: toBase64(bytes) }
  }
}

export const payloadBytes = (p: Payload): Uint8Array =>
  'text' in p ? new TextEncoder().encode(p.text) : Uint8Array.from(atob(p.base64), (c) => c.charCodeAt(0))

/** The payload as text for display (binary bytes shown as Latin-1). */
export const payloadText = (p: Payload): string => ('text' in p ? p.text : atob(p.base64))
