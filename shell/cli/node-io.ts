/** The CliIo of a real process. */
import { readFile, writeFile } from 'node:fs/promises'
import type { CliIo } from './io.ts'

const readStdin = async (): Promise<Uint8Array> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return new Uint8Array(Buffer.concat(chunks))
}

export const nodeIo: CliIo = {
  stdout: (data) => void process.stdout.write(data),
  stderr: (text) => void process.stderr.write(text),
  readFile: async (path) => new Uint8Array(await readFile(path)),
  readStdin,
  writeFile: (path, data) => writeFile(path, data),
}
