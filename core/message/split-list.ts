/**
 * Split a header value at the commas that separate list elements (RFC 3261 §7.3.1),
 * leaving commas inside quoted strings, quoted-pairs, `<…>` URIs and comments alone.
 * Each part is trimmed and carries its character index in the value.
 */
export interface ListPart {
  readonly text: string
  readonly index: number
}

export const splitList = (value: string): ReadonlyArray<ListPart> => {
  const parts: Array<ListPart> = []
  let start = 0
  for (;;) {
    const comma = nextListComma(value, start)
    if (comma === -1) break
    parts.push(trimPart(value, start, comma))
    start = comma + 1
  }
  parts.push(trimPart(value, start, value.length))
  return parts
}

/**
 * The index of the first comma at or after `from` that separates list elements, or -1.
 * `from` must be the start of an element (outside quotes, "<>" and comments).
 */
export const nextListComma = (value: string, from: number): number => {
  let quoted = false
  let angle = false
  let comment = 0
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (quoted) {
      if (c === 0x5c) i++ // quoted-pair
      else if (c === 0x22) quoted = false
    } else if (c === 0x22) quoted = true
    else if (c === 0x3c) angle = true
    else if (c === 0x3e) angle = false
    else if (c === 0x28 && !angle) comment++
    else if (c === 0x29 && comment > 0) comment--
    else if (c === 0x2c && !angle && comment === 0) return i
  }
  return -1
}

const isWs = (c: number): boolean => c === 0x20 || c === 0x09

const trimPart = (value: string, from: number, to: number): ListPart => {
  let a = from
  let b = to
  while (a < b && isWs(value.charCodeAt(a))) a++
  while (b > a && isWs(value.charCodeAt(b - 1))) b--
  return { text: value.slice(a, b), index: a }
}
