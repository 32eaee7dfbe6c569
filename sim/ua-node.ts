/**
 * The real user agent as a simulator node: a participant's JSON config is decoded
 * (io-ts, at the boundary) into UA settings; name and address come from the scenario.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { createUserAgent, step, type UaConfigInput, type UserAgent } from '../core/ua/index.ts'
import { formatError } from './decode-error.ts'
import type { NodeBehaviour, NodeFactory } from './node-behaviour.ts'
import type { Participant } from './scenario.ts'

/** What a scenario may set in a participant's `config`. */
export const uaSettingsCodec = t.partial({
  displayName: t.string,
  domain: t.string,
  transport: t.union([t.literal('udp'), t.literal('tcp')]),
  autoAnswerMs: t.number,
  offerInInvite: t.boolean,
  credentials: t.type({ username: t.string, password: t.string }),
  authenticate: t.type({
    realm: t.string,
    users: t.record(t.string, t.string),
    methods: t.array(t.string),
    algorithms: t.array(t.union([t.literal('MD5'), t.literal('MD5-sess'), t.literal('SHA-256'), t.literal('SHA-256-sess')])),
    nonceTtlMs: t.number,
  }),
  onRefer: t.union([t.literal('accept'), t.literal('reject'), t.literal('ask')]),
  referResponse: t.union([t.literal(200), t.literal(202)]),
  timers: t.partial({ t1: t.number, t2: t.number, t4: t.number, d: t.number }),
  media: t.type({ portBase: t.number }),
  hosts: t.record(t.string, t.type({ address: t.string, port: t.number })),
  limits: t.type({ maxCalls: t.number, maxTransactions: t.number }),
  ringTimeoutMs: t.number,
  keepaliveMs: t.number,
  transferRingTimeoutMs: t.number,
  extensions: t.type({ refer: t.boolean, replaces: t.boolean }),
})

export type UaSettings = t.TypeOf<typeof uaSettingsCodec>

const isEmptyRecord = (u: unknown): boolean => typeof u === 'object' && u !== null && !Array.isArray(u) && Object.keys(u).length === 0

/** The UA config of a participant, or the reason its `config` is not valid. */
export const uaConfigOf = (participant: Participant, seed: number): E.Either<string, UaConfigInput> => {
  const raw = participant.config ?? {}
  // An empty config (most participants) decodes to no settings; skip io-ts for it, runs start often.
  const decoded = isEmptyRecord(raw) ? E.right<t.Errors, UaSettings>({}) : uaSettingsCodec.decode(raw)
  if (E.isLeft(decoded)) return E.left(`participant ${participant.name}: ${decoded.left.map(formatError).join('; ')}`)
  const { media, ...rest } = decoded.right
  return E.right({
    ...rest,
    user: participant.name,
    address: participant.address.address,
    port: participant.address.port,
    seed,
    ...(media === undefined ? {} : { media: { portBase: media.portBase, codecs: [{ name: 'PCMU', payloadType: 0, clockRate: 8000 }, { name: 'PCMA', payloadType: 8, clockRate: 8000 }] } }),
  })
}

/** Problems with the participants' UA configs of a scenario (checked when a scenario is loaded). */
export const checkUaConfigs = (participants: ReadonlyArray<Participant>): ReadonlyArray<string> =>
  participants.flatMap((p) => {
    const r = uaConfigOf(p, 0)
    return E.isLeft(r) ? [r.left] : []
  })

/** The node factory for scenarios of real UAs (configs are checked beforehand with `checkUaConfigs`). */
export const uaFactory: NodeFactory = (participant, seed) => {
  const config = uaConfigOf(participant, seed)
  const input: UaConfigInput = E.isRight(config) ? config.right : { user: participant.name, address: participant.address.address, port: participant.address.port, seed }
  const behaviour: NodeBehaviour<UserAgent> = { initial: createUserAgent(input), step }
  return behaviour as NodeBehaviour<unknown>
}
