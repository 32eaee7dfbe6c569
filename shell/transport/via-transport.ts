/**
 * A request moved from UDP to TCP (§18.1.1) must say so in its top Via (§18.1.1: the
 * transport fills in the Via's transport; §18.2.2 answers over the connection it used).
 * "UDP" and "TCP" have the same length, so Content-Length and offsets are unchanged.
 */
const viaLine = /^(?:via|v)[ \t]*:[ \t]*SIP[ \t]*\/[ \t]*2\.0[ \t]*\/[ \t]*UDP/i

export const rewriteTopViaToTcp = (data: Uint8Array): Uint8Array => {
  const text = new TextDecoder('latin1').decode(data)
  const headEnd = text.indexOf('\r\n\r\n')
  const head = headEnd === -1 ? text : text.slice(0, headEnd)
  let lineStart = head.indexOf('\r\n') + 2
  while (lineStart > 1 && lineStart < head.length) {
    const m = viaLine.exec(head.slice(lineStart, lineStart + 64))
    if (m !== null) {
      const at = lineStart + m[0].length - 3
      const out = new Uint8Array(data)
      out.set([0x54, 0x43, 0x50], at) // "TCP"
      return out
    }
    const next = head.indexOf('\r\n', lineStart)
    if (next === -1) break
    lineStart = next + 2
  }
  return data
}
