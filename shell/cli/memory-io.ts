/** An in-memory CliIo for tests and embedding: files in a map, output collected. */
import type { CliIo } from './io.ts'

export interface MemoryIo extends CliIo {
  readonly out: () => string
  readonly err: () => string
  readonly files: Map<string, Uint8Array | string>
}

export const memoryIo = (files: Record<string, Uint8Array | string> = {}, stdin: Uint8Array = new Uint8Array(0)): MemoryIo => {
  let out = ''
  let err = ''
  const map = new Map<string, Uint8Array | string>(Object.entries(files))
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readFile: async (path) => {
      const f = map.get(path)
      if (f === undefined) throw new Error(`no such file: ${path}`)
      return typeof f === 'string' ? new TextEncoder().encode(f) : f
    },
    readStdin: async () => stdin,
    writeFile: async (path, data) => void map.set(path, data),
    out: () => out,
    err: () => err,
    files: map,
  }
}
