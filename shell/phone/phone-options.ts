/** What `createPhone` takes: a name and where to listen; everything else has a default. */
import type { Layer } from 'effect'
import type { UaConfigInput } from '../../core/ua/index.ts'
import type { Media, RuntimeEvent } from '../runtime/index.ts'

export type TransferRequest = Extract<RuntimeEvent, { type: 'transferRequested' }>

export interface PhoneOptions {
  /** SIP user ("alice"). */
  readonly user: string
  /** `udp:HOST:PORT` or `tcp:HOST:PORT`, one or more (default `udp:127.0.0.1:0`, port 0: any free port). */
  readonly listen?: string | ReadonlyArray<string>
  /** Answer incoming calls after this many ms (0: at once); absent: wait for `answer`. */
  readonly autoAnswerMs?: number
  /** A REFER: accept it, reject it, ask (`transferRequested`, then `acceptTransfer`), or decide in a function. */
  readonly onRefer?: 'accept' | 'reject' | 'ask' | ((request: TransferRequest) => boolean | Promise<boolean>)
  readonly credentials?: { readonly username: string; readonly password: string }
  readonly displayName?: string
  /** Any other UA setting (core/ua/config.ts). */
  readonly config?: Partial<Omit<UaConfigInput, 'user'>>
  /** An RTP engine (shell/media's `mediaLayer`); default: signalling only. */
  readonly media?: Layer.Layer<Media, unknown>
  /** Least severe log line written to stderr (default 'warn'). */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'none'
}
