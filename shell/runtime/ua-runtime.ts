/**
 * One user agent on real sockets: a fiber runs the drain loop of DESIGN.md — feed one
 * input (packet, timer, command), perform every output, then sleep until the next
 * deadline — with time from Effect's `Clock`, so tests drive it with `TestClock`.
 */
import { Clock, Deferred, Duration, Effect, Option, PubSub, Queue, Ref, Stream, type Scope } from 'effect'
import {
  callHandle,
  createUserAgent,
  isQuiescent,
  step,
  type Command,
  type Input,
  type Millis,
  type Output,
  type UaConfigInput,
  type UaEvent,
  type UserAgent,
} from '../../core/ua/index.ts'
import { formatHostPort, Transport, type ListenSpec, type Packet, type SendFailure } from '../transport/index.ts'
import { isSettled, summarizeCalls, type CallSummary } from './call-summary.ts'
import { Media, type MediaStats } from './media-port.ts'
import { osSeed } from './os-seed.ts'
import { applyTimer, earliest, emptyTimerTable, takeDue } from './timer-table.ts'

/** An event as subscribers see it; `ended` carries the call's media counters when the engine has them. */
export type RuntimeEvent = UaEvent & { readonly media?: MediaStats }

/** What one command did, in the step that ran it. */
export interface StepReport {
  readonly events: ReadonlyArray<UaEvent>
  /** Calls that exist after the step and did not before (a `dial` names its call here). */
  readonly newCalls: ReadonlyArray<string>
}

export interface UaRuntimeOptions {
  /** UA settings; address, port and transport default to the transport's first endpoint, the seed to the OS. */
  readonly config: Omit<UaConfigInput, 'address' | 'port'> & Partial<Pick<UaConfigInput, 'address' | 'port'>>
  /** How long a graceful shutdown waits for calls to end (default 5 s). */
  readonly shutdownGraceMs?: Millis
}

export interface UaRuntime {
  /** The UA's own address (its Via and Contact). */
  readonly local: ListenSpec
  readonly endpoints: ReadonlyArray<ListenSpec>
  /** `sip:user@address:port` (with `;transport=tcp` when the UA runs on TCP). */
  readonly uri: string
  /** Run a command in the drain loop; resolves once its step's outputs are performed. */
  readonly execute: (command: Command) => Effect.Effect<StepReport>
  /** Subscribe before acting, so no event is missed. */
  readonly subscribe: Effect.Effect<Queue.Dequeue<RuntimeEvent>, never, Scope.Scope>
  readonly events: Stream.Stream<RuntimeEvent>
  /**
   * Call `listener` with every event, in the drain loop, until the returned effect
   * removes it. Unlike `subscribe` it outlives scopes closed before the runtime's, so
   * it sees the events of a graceful shutdown.
   */
  readonly onEvent: (listener: (event: RuntimeEvent) => void) => Effect.Effect<Effect.Effect<void>>
  readonly snapshot: Effect.Effect<UserAgent>
  readonly calls: Effect.Effect<ReadonlyArray<CallSummary>>
  /** Hang up every call, wait until they end (or the grace period passes). Idempotent. */
  readonly shutdown: Effect.Effect<void>
}

type Job =
  | { readonly type: 'packet'; readonly packet: Packet }
  | { readonly type: 'command'; readonly command: Command; readonly done: Deferred.Deferred<StepReport> }
  /** A deadline came: nothing to feed, the loop looks at its timers again. */
  | { readonly type: 'wake' }
  | { readonly type: 'failure'; readonly failure: SendFailure }
  /** Outputs of a step taken in a socket's callback (see `onPacket`) that need an effect: the loop performs them from `from` on. */
  | { readonly type: 'perform'; readonly outputs: ReadonlyArray<Output>; readonly from: number }

const logAt = (level: 'debug' | 'info' | 'warn', message: string): Effect.Effect<void> =>
  level === 'debug' ? Effect.logDebug(message) : level === 'info' ? Effect.logInfo(message) : Effect.logWarning(message)

export const makeUaRuntime = (options: UaRuntimeOptions): Effect.Effect<UaRuntime, never, Transport | Media | Scope.Scope> =>
  Effect.gen(function* () {
    const transport = yield* Transport
    const media = yield* Media
    const local = transport.endpoints[0]!
    const config: UaConfigInput = {
      transport: local.transport,
      ...options.config,
      address: options.config.address ?? local.address,
      port: options.config.port ?? local.port,
      seed: options.config.seed ?? osSeed(),
    }
    // The drain loop is the only writer; readers take a snapshot.
    let ua = createUserAgent(config)
    const timers = emptyTimerTable()
    const inbox = yield* Queue.unbounded<Job>()
    // Last to run: a command given after the runtime ended is interrupted, not left waiting.
    yield* Effect.addFinalizer(() => Queue.shutdown(inbox))
    /**
     * The loop waits in `Queue.take` and nothing was posted since it looked: no step of its
     * own is under way, so a packet may be stepped at once where it arrives (`onPacket`).
     * Only the loop sets it; every post to the inbox clears it.
     */
    let parked = false
    const post = (job: Job): void => {
      parked = false
      Queue.unsafeOffer(inbox, job)
    }
    const clock = yield* Effect.clock
    const pubsub = yield* PubSub.unbounded<RuntimeEvent>()
    /** Counters taken just before a call's media closed, for its `ended` event. */
    const lastStats = new Map<string, MediaStats>()
    const listeners = new Set<(event: RuntimeEvent) => void>()
    let settleWaiter: Deferred.Deferred<void> | undefined

    const perform = (o: Output): Effect.Effect<void> => {
      switch (o.type) {
        case 'send':
          return transport.send(o)
        case 'timer':
          return Effect.sync(() => applyTimer(timers, o))
        case 'media':
          return Effect.gen(function* () {
            if (o.media.type !== 'close') return yield* media.apply(o.media)
            // The counters just before the close, in case the engine forgets the call; the
            // engine's own figures after it when it keeps them (final: `active` false).
            const before = yield* media.stats(o.media.call)
            yield* media.apply(o.media)
            const after = yield* media.stats(o.media.call)
            const final = after ?? (before === undefined ? undefined : { ...before, active: false })
            if (final !== undefined) lastStats.set(o.media.call, final)
          })
        case 'event':
          return Effect.gen(function* () {
            const e = o.event
            if (e.type === 'log') yield* logAt(e.level, e.message)
            let stats: MediaStats | undefined
            if (e.type === 'ended') {
              stats = lastStats.get(e.call) ?? (yield* media.stats(e.call))
              lastStats.delete(e.call)
            }
            const problem = deliver(stats === undefined ? e : { ...e, media: stats })
            if (problem !== undefined) yield* Effect.logWarning(problem)
          })
      }
    }

    /** Hand an event to the listeners and subscribers; what a listener threw, if it did. */
    const deliver = (event: RuntimeEvent): string | undefined => {
      let problem: string | undefined
      for (const listener of listeners) {
        try {
          listener(event)
        } catch (err) {
          problem = `event listener threw: ${String(err)}`
        }
      }
      pubsub.unsafeOffer(event)
      return problem
    }

    /** What event listeners threw while outputs were performed in place, for the loop to log. */
    const problems: Array<string> = []
    const logProblems = Effect.suspend(() => Effect.forEach(problems.splice(0), (p) => Effect.logWarning(p), { discard: true }))

    /**
     * Perform outputs in order from `from`, in place, as long as none needs an effect:
     * timers, UDP sends, events (but logs, and an `ended` that waits for media counters) and
     * media when the engine is inert. Gives the index of the first that needs an effect.
     */
    const performNow = (outputs: ReadonlyArray<Output>, from: number): number => {
      for (let i = from; i < outputs.length; i++) {
        const o = outputs[i]!
        switch (o.type) {
          case 'timer':
            applyTimer(timers, o)
            continue
          case 'send':
            if (transport.trySendNow(o)) continue
            return i
          case 'media':
            if (media.inert === true) continue
            return i
          case 'event': {
            if (o.event.type === 'log' || (o.event.type === 'ended' && media.inert !== true)) return i
            const problem = deliver(o.event)
            if (problem !== undefined) problems.push(problem)
          }
        }
      }
      return outputs.length
    }

    /** Perform outputs in order: in place while that needs no effect (`performNow`), the rest through Effect. */
    const performFrom = (outputs: ReadonlyArray<Output>, from: number): Effect.Effect<void> => {
      const i = performNow(outputs, from)
      const rest = i === outputs.length ? Effect.void : Effect.zipRight(perform(outputs[i]!), Effect.suspend(() => performFrom(outputs, i + 1)))
      return problems.length === 0 ? rest : Effect.zipRight(logProblems, rest)
    }

    const feed = (input: Input): Effect.Effect<ReadonlyArray<Output>> =>
      Effect.suspend(() => {
        const [next, outputs] = step(ua, input)
        ua = next
        const settled = settleWaiter !== undefined && (isSettled(next) || isQuiescent(next)) ? settleWaiter : undefined
        const done = performFrom(outputs, 0)
        return Effect.as(settled === undefined ? done : Effect.zipRight(done, Deferred.succeed(settled, undefined)), outputs)
      })

    const handle = (job: Job, at: Millis): Effect.Effect<void> =>
      job.type === 'wake'
        ? Effect.sync(() => {
            // Whichever sleeper rang, the loop arms the next one for the earliest deadline.
            wakeAt = undefined
          })
        : job.type === 'packet'
        ? Effect.asVoid(feed({ type: 'packet', at, ...job.packet }))
        : job.type === 'failure'
        ? Effect.asVoid(feed({ type: 'transport-error', at, ...job.failure }))
        : job.type === 'perform'
        ? performFrom(job.outputs, job.from)
        : Effect.gen(function* () {
            const before = ua.nextCall
            const outputs = yield* feed({ type: 'command', at, command: job.command })
            const after = ua
            const events = outputs.flatMap((o) => (o.type === 'event' ? [o.event] : []))
            // Calls are numbered: the new ones are those numbered since (and still there).
            const newCalls: Array<string> = []
            for (let n = before; n < after.nextCall; n++) if (after.calls.has(callHandle(n))) newCalls.push(callHandle(n))
            yield* Deferred.succeed(job.done, { events, newCalls })
          })

    // Feed one input, then sleep until the next deadline or the next packet/command.
    const runtimeScope = yield* Effect.scope
    /** The deadline a sleeper will wake the loop for, if one is armed. */
    let wakeAt: Millis | undefined
    /** Whether this deadline comes before the one a sleeper waits for (or none waits): the loop must arm one. */
    const needsSleeper = (wake: Millis | undefined): wake is Millis => wake !== undefined && (wakeAt === undefined || wake < wakeAt)
    const drainOnce = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const due = takeDue(timers, now)
      if (due !== undefined) {
        yield* feed({ type: 'timer', at: now, key: due })
        return
      }
      // Work waiting is taken at once; only an empty inbox arms a wake-up for the next deadline.
      const ready = yield* Queue.poll(inbox)
      if (Option.isSome(ready)) return yield* handle(ready.value, now)
      const wake = earliest(timers)
      if (needsSleeper(wake)) {
        // A sleeper rings the inbox at the deadline. A take is never cut short by a timeout:
        // an item handed to a take that is then interrupted would be lost.
        wakeAt = wake
        yield* Effect.forkIn(Effect.zipRight(Effect.sleep(Duration.millis(Math.max(0, wake - now))), Effect.sync(() => post({ type: 'wake' }))), runtimeScope)
      }
      parked = true
      const job = yield* Queue.take(inbox)
      parked = false
      yield* handle(job, yield* Clock.currentTimeMillis)
    })

    /** Step `input` here and perform its outputs in place; true when that did them all, else the loop got the rest. */
    const stepNow = (input: Input): boolean => {
      const [next, outputs] = step(ua, input)
      ua = next
      const stop = performNow(outputs, 0)
      if (stop === outputs.length && problems.length === 0) return true
      post({ type: 'perform', outputs, from: stop })
      return false
    }
    /** Fire the timers due by `now` here (as the loop would first); false when the loop got work to finish. */
    const stepDueTimers = (now: Millis): boolean => {
      for (let key = takeDue(timers, now); key !== undefined; key = takeDue(timers, now)) if (!stepNow({ type: 'timer', at: now, key })) return false
      return true
    }

    /**
     * A packet that finds the loop parked is stepped here, in the socket's callback, with the
     * timers due before and after it (an auto-answer is due at once), and the outputs are
     * performed in place as far as they need no effect: the same steps, in the same order,
     * the loop would take, without waking a fiber. What needs an effect goes to the loop as
     * a `perform` job, and later packets queue behind it. A packet that finds the loop busy
     * or a shutdown under way waits in the inbox as before.
     */
    const onPacket = (packet: Packet): void => {
      if (!parked || settleWaiter !== undefined) return post({ type: 'packet', packet })
      const now = clock.unsafeCurrentTimeMillis()
      if (!stepDueTimers(now)) return post({ type: 'packet', packet })
      if (!stepNow({ type: 'packet', at: now, ...packet }) || !stepDueTimers(now)) return
      if (needsSleeper(earliest(timers))) post({ type: 'wake' })
    }

    // Packets and send failures go straight from the sockets to the loop.
    yield* transport.receive({ packet: onPacket, failure: (failure) => post({ type: 'failure', failure }) })
    yield* Effect.forkScoped(Effect.forever(drainOnce))

    const execute = (command: Command): Effect.Effect<StepReport> =>
      Effect.gen(function* () {
        const done = yield* Deferred.make<StepReport>()
        yield* Effect.sync(() => post({ type: 'command', command, done }))
        return yield* Deferred.await(done)
      })

    const grace = Duration.millis(options.shutdownGraceMs ?? 5_000)
    const finished = yield* Deferred.make<void>()
    const started = yield* Ref.make(false)
    const shutdown: Effect.Effect<void> = Effect.gen(function* () {
      if (yield* Ref.getAndSet(started, true)) return yield* Deferred.await(finished)
      const waiter = yield* Deferred.make<void>()
      settleWaiter = waiter
      for (const call of ua.calls.values()) {
        if (call.state !== 'Terminated' && call.state !== 'Terminating') yield* execute({ type: 'hangup', call: call.id })
      }
      if (!isSettled(ua) && !isQuiescent(ua)) {
        // Finalizers run uninterruptibly, and a timeout cannot cut short what it may not
        // interrupt: the wait is made interruptible, or the grace period would never end.
        const ended = yield* Effect.timeoutOption(Effect.interruptible(Deferred.await(waiter)), grace)
        if (Option.isNone(ended)) yield* Effect.logWarning(`shutdown: calls still open after ${Duration.toMillis(grace)} ms`)
      }
      yield* Deferred.succeed(finished, undefined)
    })
    // Runs before the fibers above are interrupted and before the sockets close (finalizers run in reverse).
    yield* Effect.addFinalizer(() => shutdown)

    const tcp = config.transport === 'tcp' ? ';transport=tcp' : ''
    return {
      local: { transport: config.transport ?? local.transport, address: config.address, port: config.port },
      endpoints: transport.endpoints,
      uri: `sip:${config.user}@${formatHostPort({ address: config.address, port: config.port })}${tcp}`,
      execute,
      subscribe: PubSub.subscribe(pubsub),
      events: Stream.fromPubSub(pubsub),
      onEvent: (listener) =>
        Effect.sync(() => {
          const own = (e: RuntimeEvent): void => listener(e)
          listeners.add(own)
          return Effect.sync(() => void listeners.delete(own))
        }),
      snapshot: Effect.sync(() => ua),
      calls: Effect.sync(() => summarizeCalls(ua)),
      shutdown,
    }
  })
