/**
 * A Promise/EventEmitter phone for Node users who do not use Effect: one user agent on
 * real sockets (shell/runtime), driven by plain method calls.
 *
 *   const phone = await createPhone({ user: 'alice', listen: 'udp:127.0.0.1:0' })
 *   phone.on('answered', (e) => console.log('answered', e.call))
 *   const call = await phone.dial('sip:bob@127.0.0.1:5062')
 */
import { EventEmitter } from 'node:events'
import { Effect, Exit, Layer, Scope } from 'effect'
import * as E from 'fp-ts/lib/Either.js'
import type { Command } from '../../core/ua/index.ts'
import { makeUaRuntime, noMediaLayer, type CallSummary, type RuntimeEvent, type StepReport } from '../runtime/index.ts'
import { parseListenSpec, transportLayer, type ListenSpec } from '../transport/index.ts'
import { stderrLogger } from './log-level.ts'
import type { PhoneEventMap, PhoneEventName, PhoneListener } from './phone-events.ts'
import type { PhoneOptions } from './phone-options.ts'

export interface Phone {
  /** Where the phone's SIP is (the port the OS chose for port 0). */
  readonly address: ListenSpec
  readonly endpoints: ReadonlyArray<ListenSpec>
  /** `sip:user@address:port`: what others dial. */
  readonly uri: string
  /** Place a call; resolves with its call id ("c1") once the INVITE is out. */
  readonly dial: (uri: string) => Promise<string>
  readonly answer: (call: string) => Promise<void>
  readonly reject: (call: string, status?: number) => Promise<void>
  readonly hangup: (call: string) => Promise<void>
  readonly hold: (call: string) => Promise<void>
  readonly resume: (call: string) => Promise<void>
  /** Blind transfer: REFER the peer of `call` to `target` (RFC 5589 §6). */
  readonly transfer: (call: string, target: string) => Promise<void>
  /** Hold `call` and call `target`; resolves with the consultation's call id (RFC 5589 §7). */
  readonly startConsultation: (call: string, target: string) => Promise<string>
  /** Attended transfer: REFER the peer of `call` to the peer of `consultation` with Replaces. */
  readonly attendedTransfer: (call: string, consultation: string) => Promise<void>
  readonly acceptTransfer: (call: string) => Promise<void>
  readonly rejectTransfer: (call: string, status?: number) => Promise<void>
  /** Stop the reports of a transfer of `call` this phone started (SUBSCRIBE with Expires: 0); the transfer goes on. */
  readonly unsubscribe: (call: string) => Promise<void>
  readonly calls: () => Promise<ReadonlyArray<CallSummary>>
  /** Any core command (core/ua/command.ts); resolves with what its step reported, errors included. */
  readonly execute: (command: Command) => Promise<StepReport>
  /** The next event of that kind (matching `filter`), or a rejection after `timeoutMs` (default 10 s). */
  readonly waitFor: <K extends PhoneEventName>(name: K, filter?: (event: PhoneEventMap[K]) => boolean, timeoutMs?: number) => Promise<PhoneEventMap[K]>
  readonly on: <K extends PhoneEventName>(name: K, listener: PhoneListener<K>) => Phone
  readonly once: <K extends PhoneEventName>(name: K, listener: PhoneListener<K>) => Phone
  readonly off: <K extends PhoneEventName>(name: K, listener: PhoneListener<K>) => Phone
  /** Hang up every call (up to 5 s), then close the sockets. */
  readonly close: () => Promise<void>
}

const listenSpecs = (listen: PhoneOptions['listen']): ReadonlyArray<ListenSpec> =>
  (listen === undefined ? ['udp:127.0.0.1:0'] : typeof listen === 'string' ? [listen] : listen).map((text) => {
    const r = parseListenSpec(text)
    if (E.isLeft(r)) throw new Error(r.left)
    return r.right
  })

/** A command's step reported an error: the promise rejects with it. */
const settle = (report: StepReport): StepReport => {
  const error = report.events.find((e) => e.type === 'error')
  if (error !== undefined && error.type === 'error') throw new Error(error.reason)
  return report
}

export const createPhone = async (options: PhoneOptions): Promise<Phone> => {
  const listen = listenSpecs(options.listen)
  const logger = stderrLogger(options.logLevel ?? 'warn')
  const scope = Effect.runSync(Scope.make())
  const layers = Layer.merge(transportLayer({ listen }), options.media ?? noMediaLayer)
  const onRefer = options.onRefer
  const rt = await Effect.runPromise(
    Effect.gen(function* () {
      const context = yield* Layer.buildWithScope(layers, scope)
      return yield* makeUaRuntime({
        config: {
          transport: listen[0]!.transport,
          ...options.config,
          user: options.user,
          onRefer: typeof onRefer === 'function' ? 'ask' : (onRefer ?? options.config?.onRefer ?? 'accept'),
          ...(options.autoAnswerMs === undefined ? {} : { autoAnswerMs: options.autoAnswerMs }),
          ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
          ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
        },
      }).pipe(Effect.provide(context), Scope.extend(scope))
    }).pipe(
      Effect.provide(logger),
      Effect.tapErrorCause(() => Scope.close(scope, Exit.void)),
    ),
  )
  const emitter = new EventEmitter()
  let closing: Promise<void> | undefined
  const execute = (command: Command): Promise<StepReport> =>
    closing === undefined ? Effect.runPromise(rt.execute(command)) : Promise.reject(new Error(`${options.user}: the phone is closed`))
  const run = (command: Command): Promise<StepReport> => execute(command).then(settle)
  const done = (command: Command): Promise<void> => run(command).then(() => undefined)

  Effect.runSync(
    rt.onEvent((event: RuntimeEvent) => {
      emitter.emit('event', event)
      // An EventEmitter throws on an 'error' nobody listens to; a phone reports, never throws.
      if (event.type !== 'error' || emitter.listenerCount('error') > 0) emitter.emit(event.type, event)
      if (event.type === 'transferRequested' && typeof onRefer === 'function') {
        // The application decides; its answer goes back as a command (RFC 3515 §2.4.2: 202 or an error).
        Promise.resolve()
          .then(() => onRefer(event))
          .then(
            (yes) => (yes ? done({ type: 'acceptTransfer', call: event.call }) : done({ type: 'rejectTransfer', call: event.call })),
            () => done({ type: 'rejectTransfer', call: event.call }),
          )
          .catch(() => undefined)
      }
    }),
  )

  const phone: Phone = {
    address: rt.local,
    endpoints: rt.endpoints,
    uri: rt.uri,
    dial: async (uri) => {
      const report = await run({ type: 'dial', target: uri })
      const call = report.newCalls[0]
      if (call === undefined) throw new Error(`dial ${uri}: no call was started`)
      return call
    },
    answer: (call) => done({ type: 'answer', call }),
    reject: (call, status) => done({ type: 'reject', call, ...(status === undefined ? {} : { status }) }),
    hangup: (call) => done({ type: 'hangup', call }),
    hold: (call) => done({ type: 'hold', call }),
    resume: (call) => done({ type: 'resume', call }),
    transfer: (call, target) => done({ type: 'transfer', call, target }),
    startConsultation: async (call, target) => {
      // A call whose ACK has not come yet runs the command later (RFC 3261 §14.1): wait for the event.
      const started = phone.waitFor('consultationStarted', (e) => e.call === call)
      const report = await run({ type: 'startConsultation', call, target })
      const now = report.events.find((e) => e.type === 'consultationStarted')
      if (now?.type === 'consultationStarted') return now.consultation
      return (await started).consultation
    },
    attendedTransfer: (call, consultation) => done({ type: 'attendedTransfer', call, consultation }),
    acceptTransfer: (call) => done({ type: 'acceptTransfer', call }),
    rejectTransfer: (call, status) => done({ type: 'rejectTransfer', call, ...(status === undefined ? {} : { status }) }),
    unsubscribe: (call) => done({ type: 'unsubscribe', call }),
    calls: () => Effect.runPromise(rt.calls),
    execute,
    waitFor: (name, filter, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const listener = (event: PhoneEventMap[typeof name]): void => {
          if (filter !== undefined && !filter(event)) return
          clearTimeout(timer)
          emitter.off(name, listener)
          resolve(event)
        }
        const timer = setTimeout(() => {
          emitter.off(name, listener)
          reject(new Error(`${options.user}: no ${name} event within ${timeoutMs} ms`))
        }, timeoutMs)
        emitter.on(name, listener)
      }),
    on: (name, listener) => (emitter.on(name, listener), phone),
    once: (name, listener) => (emitter.once(name, listener), phone),
    off: (name, listener) => (emitter.off(name, listener), phone),
    close: () => (closing ??= Effect.runPromise(Scope.close(scope, Exit.void).pipe(Effect.provide(logger)))),
  }
  return phone
}
