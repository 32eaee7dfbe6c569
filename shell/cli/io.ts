/** What a CLI command may do to the outside world; tests pass an in-memory one. */
export interface CliIo {
  /** Text is written as UTF-8; bytes as they are (a message body need not be text). */
  readonly stdout: (data: string | Uint8Array) => void
  readonly stderr: (text: string) => void
  readonly readFile: (path: string) => Promise<Uint8Array>
  readonly readStdin: () => Promise<Uint8Array>
  readonly writeFile: (path: string, data: Uint8Array | string) => Promise<void>
}

export type CliCommand = (args: ReadonlyArray<string>, io: CliIo) => Promise<number>

/** Exit codes shared by every command. */
export const exitCode = { ok: 0, failed: 1, usage: 2 } as const
