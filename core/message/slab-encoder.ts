/**
 * Text to UTF-8 bytes for outgoing messages, written into shared slabs instead of a fresh
 * buffer per message.
 *
 * `TextEncoder.encode` allocates a new ArrayBuffer (a backing store outside the JS heap) on
 * every call: for a message of a few hundred bytes that costs several times the encoding
 * itself, and was the largest single cost of serializing on sipp's call flow. Here each
 * message is encoded into the free end of a 16 KB slab and handed out as a view of it.
 *
 * Slabs are append-only: a range once handed out is never written again, so every view
 * keeps the bytes it had, and a step gives out the same values as with a buffer of its own.
 * Only the allocation differs (a view keeps its slab alive, so bytes kept for long, such as
 * bodies, are not made here). Large messages get a buffer of their own.
 */
const encoder = new TextEncoder()

const SLAB_BYTES = 16 * 1024
/** Messages that could take more than this get their own buffer (a slab holds several). */
const LARGEST_IN_SLAB = SLAB_BYTES / 4

let slab = new Uint8Array(SLAB_BYTES)
let used = 0

/** The UTF-8 bytes of `text` followed by `tail`. */
export const encodeWithTail = (text: string, tail: Uint8Array): Uint8Array => {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const most = text.length * 3 + tail.length
  if (most > LARGEST_IN_SLAB) {
    const head = encoder.encode(text)
    if (tail.length === 0) return head
    const out = new Uint8Array(head.length + tail.length)
    out.set(head, 0)
    out.set(tail, head.length)
    return out
  }
  if (used + most > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES)
    used = 0
  }
  const start = used
  const { written } = encoder.encodeInto(text, slab.subarray(start))
  slab.set(tail, start + written)
  used = start + written + tail.length
  return new Uint8Array(slab.buffer, start, written + tail.length)
}
