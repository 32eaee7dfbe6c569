/**
 * io-ts codecs for what nodes give out besides packets: UA events (core/ua/event.ts)
 * and media instructions (core/ua/io.ts), as recorded in traces. Members are
 * annotated with their variant, so a drift from the core types fails the type check.
 */
import * as t from 'io-ts'
import type { EndReason, TransferSummary, UaEvent } from '../core/ua/event.ts'
import type { MediaInstruction } from '../core/ua/io.ts'
import { hostPortCodec } from './host-port.ts'
import { taggedUnion } from './tagged-union.ts'

type Of<K extends UaEvent['type']> = Extract<UaEvent, { readonly type: K }>
type Codec<K extends UaEvent['type']> = t.Type<Of<K>, unknown, unknown>

/** Checks a member codec against its variant, as an annotation would. */
const v = <K extends UaEvent['type']>(_tag: K, codec: Codec<K>): Codec<K> => codec

const call = t.string
const by = t.union([t.literal('local'), t.literal('remote')])
const reasons: { readonly [R in EndReason]: null } = {
  'local-hangup': null,
  'remote-hangup': null,
  rejected: null,
  cancelled: null,
  timeout: null,
  replaced: null,
  transferred: null,
  failed: null,
}
const endReason = t.keyof(reasons) as unknown as t.Type<EndReason, unknown, unknown>

const outcomes: { readonly [O in TransferSummary['outcome']]: null } = { pending: null, accepted: null, succeeded: null, failed: null, unknown: null }
const transferSummary: t.Type<TransferSummary, unknown, unknown> = t.intersection([
  t.type({
    role: t.union([t.literal('transferor'), t.literal('transferee')]),
    kind: t.union([t.literal('blind'), t.literal('attended')]),
    target: t.string,
    outcome: t.keyof(outcomes) as unknown as t.Type<TransferSummary['outcome'], unknown, unknown>,
  }),
  t.partial({ status: t.number }),
])

const byTag = {
  incoming: v('incoming', t.intersection([
    t.type({ type: t.literal('incoming'), call, from: t.string, to: t.string }),
    t.partial({ replaces: t.string, referredBy: t.string }),
  ])),
  progress: v('progress', t.type({ type: t.literal('progress'), call, status: t.number, reason: t.string })),
  answered: v('answered', t.type({ type: t.literal('answered'), call })),
  held: v('held', t.type({ type: t.literal('held'), call, by })),
  resumed: v('resumed', t.type({ type: t.literal('resumed'), call, by })),
  ended: v('ended', t.intersection([
    t.type({ type: t.literal('ended'), call, reason: endReason }),
    t.partial({ status: t.number, transfers: t.readonlyArray(transferSummary) }),
  ])),
  transferRequested: v('transferRequested', t.intersection([
    t.type({ type: t.literal('transferRequested'), call, target: t.string }),
    t.partial({ referredBy: t.string, replaces: t.string }),
  ])),
  transferAccepted: v('transferAccepted', t.type({ type: t.literal('transferAccepted'), call })),
  transferProgress: v('transferProgress', t.type({ type: t.literal('transferProgress'), call, status: t.number })),
  transferSucceeded: v('transferSucceeded', t.intersection([
    t.type({ type: t.literal('transferSucceeded'), call }),
    t.partial({ newCall: t.string }),
  ])),
  transferFailed: v('transferFailed', t.type({ type: t.literal('transferFailed'), call, status: t.number })),
  transferOutcomeUnknown: v('transferOutcomeUnknown', t.type({ type: t.literal('transferOutcomeUnknown'), call })),
  replaced: v('replaced', t.type({ type: t.literal('replaced'), call, by: t.string })),
  consultationStarted: v('consultationStarted', t.type({ type: t.literal('consultationStarted'), call, consultation: t.string })),
  consultationEnded: v('consultationEnded', t.type({ type: t.literal('consultationEnded'), call, consultation: t.string })),
  registered: v('registered', t.type({ type: t.literal('registered'), registrar: t.string, expires: t.number })),
  optionsResult: v('optionsResult', t.type({ type: t.literal('optionsResult'), target: t.string, status: t.number })),
  error: v('error', t.intersection([t.type({ type: t.literal('error'), reason: t.string }), t.partial({ call })])),
  log: v('log', t.type({
    type: t.literal('log'),
    level: t.union([t.literal('debug'), t.literal('info'), t.literal('warn')]),
    message: t.string,
  })),
} satisfies { readonly [K in UaEvent['type']]: Codec<K> }

export const uaEventCodec: t.Type<UaEvent, unknown, unknown> = taggedUnion<UaEvent>('UaEvent', byTag)

type MediaOf<K extends MediaInstruction['type']> = Extract<MediaInstruction, { readonly type: K }>
const direction = t.union([t.literal('sendrecv'), t.literal('sendonly'), t.literal('recvonly'), t.literal('inactive')])
const openOrUpdate = (type: 'open' | 'update'): t.Type<MediaOf<'open' | 'update'>, unknown, unknown> =>
  t.type({
    type: t.literal(type),
    stream: t.string,
    call,
    local: hostPortCodec,
    remote: hostPortCodec,
    codec: t.type({ name: t.string, payloadType: t.number, clockRate: t.number }),
    direction,
  })

export const mediaInstructionCodec: t.Type<MediaInstruction, unknown, unknown> = taggedUnion<MediaInstruction>('MediaInstruction', {
  open: openOrUpdate('open'),
  update: openOrUpdate('update'),
  close: t.type({ type: t.literal('close'), stream: t.string, call }),
})
