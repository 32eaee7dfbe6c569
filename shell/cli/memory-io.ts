/** An in-memory CliIo for tests and embedding: files in a map, output collected. */
import type { CliIo } from './io.ts'

export interface MemoryIo extends CliIo {
  /** Everything written to stdout, decoded as UTF-8. */
  readonly out: () => string
  /** Everything written to stdout, byte for byte (text as UTF-8). */
  readonly outBytes: () => Uint8Array
  readonly err: () => string
  readonly files: Map<string, Uint8Array | string>
}

export const memoryIo = (files: Record<string, Uint8Array | string> = {}, stdin: Uint8Array = new Uint8Array(0)): MemoryIo => {
  const out: Array<Uint8Array> = []
  let err = ''
  const map = new Map<string, Uint8Array | string>(Object.entries(files))
  return {
    stdout: (data) => void out.push(typeof data === 'string' ? new TextEncoder().encode(data) : data.slice()),
    stderr: (t) => void (err += t),
    readFile: async (path) => {
      const f = map.get(path)
      if (f === undefined) throw new Error(`no such file: ${path}`)
      return typeof f === 'string' ? new TextEncoder().encode(f) : f
    },
    readStdin: async () => stdin,
    writeFile: async (path, data) => void map.set(path, data),
    out: () => new TextDecoder('utf-8', { ignoreBOM: true }).decode(concat(out)),
    outBytes: () => concat(out),
    err: () => err,
    files: map,
  }
}

const concat = (chunks: ReadonlyArray<Uint8Array>): Uint8Array => {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) {
    all.set(c, at)
    at += c.length
  }
  return all
}
