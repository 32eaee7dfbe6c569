/**
 * io-ts codec for the UA's `Command` (core/ua/command.ts), for scenario files and
 * traces. Each member is annotated with its Command variant, so a change of the
 * command type that this codec misses fails the type check here.
 */
import * as t from 'io-ts'
import type { Command } from '../core/ua/command.ts'
import { taggedUnion } from './tagged-union.ts'

type Of<K extends Command['type']> = Extract<Command, { readonly type: K }>
type Codec<K extends Command['type']> = t.Type<Of<K>, unknown, unknown>

const call = t.string
const header = t.tuple([t.string, t.string])

const dial: Codec<'dial'> = t.intersection([
  t.type({ type: t.literal('dial'), target: t.string }),
  t.partial({ call, headers: t.readonlyArray(t.readonly(header)) }),
])
const answer: Codec<'answer'> = t.type({ type: t.literal('answer'), call })
const reject: Codec<'reject'> = t.intersection([t.type({ type: t.literal('reject'), call }), t.partial({ status: t.number })])
const hangup: Codec<'hangup'> = t.type({ type: t.literal('hangup'), call })
const hold: Codec<'hold'> = t.type({ type: t.literal('hold'), call })
const resume: Codec<'resume'> = t.type({ type: t.literal('resume'), call })
const options: Codec<'options'> = t.type({ type: t.literal('options'), target: t.string })
const register: Codec<'register'> = t.intersection([
  t.type({ type: t.literal('register'), registrar: t.string }),
  t.partial({ expires: t.number }),
])
const transfer: Codec<'transfer'> = t.intersection([
  t.type({ type: t.literal('transfer'), call, target: t.string }),
  t.partial({ earlyBye: t.boolean, outOfDialog: t.boolean, noSubscription: t.boolean }),
])
const attendedTransfer: Codec<'attendedTransfer'> = t.intersection([
  t.type({ type: t.literal('attendedTransfer'), call, consultation: t.string }),
  t.partial({ outOfDialog: t.boolean }),
])
const startConsultation: Codec<'startConsultation'> = t.intersection([
  t.type({ type: t.literal('startConsultation'), call, target: t.string }),
  t.partial({ consultation: t.string, requireReplaces: t.boolean }),
])
const cancelConsultation: Codec<'cancelConsultation'> = t.type({ type: t.literal('cancelConsultation'), call })
const acceptTransfer: Codec<'acceptTransfer'> = t.type({ type: t.literal('acceptTransfer'), call })
const unsubscribe: Codec<'unsubscribe'> = t.type({ type: t.literal('unsubscribe'), call })
const rejectTransfer: Codec<'rejectTransfer'> = t.intersection([
  t.type({ type: t.literal('rejectTransfer'), call }),
  t.partial({ status: t.number }),
])

/** Every command tag; `satisfies` makes a missing tag a type error. */
const byTag = {
  dial,
  answer,
  reject,
  hangup,
  hold,
  resume,
  options,
  register,
  transfer,
  attendedTransfer,
  startConsultation,
  cancelConsultation,
  acceptTransfer,
  rejectTransfer,
  unsubscribe,
} satisfies { readonly [K in Command['type']]: Codec<K> }

export const commandCodec: t.Type<Command, unknown, unknown> = taggedUnion<Command>('Command', byTag)
