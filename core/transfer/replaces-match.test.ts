/**
 * RFC 3891 §3 verdicts of the target, as a pure function of the UA's dialogs
 * (R3891-2, -3, -6, -7, -8, -11, -12, -13, -14 in ../shared/rfc/rules.md).
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { dialogKey, type Dialog, type DialogId } from '../dialog/index.ts'
import { parseNameAddr, parseUri, type NameAddr, type Replaces, type Uri } from '../message/index.ts'
import { replacesVerdict } from './replaces-match.ts'

const nameAddr = (text: string): NameAddr => {
  const r = parseNameAddr(text)
  if (E.isLeft(r)) throw new Error(r.left.reason)
  return r.right
}
const uri = (text: string): Uri => {
  const r = parseUri(text)
  if (E.isLeft(r)) throw new Error(r.left.reason)
  return r.right
}

/** A dialog of the target charlie: `localTag` is charlie's own, `remoteTag` bob's. */
const dialog = (fields: Partial<Omit<Dialog, 'id'>> & { readonly id?: Partial<DialogId> } = {}): Dialog => ({
  state: 'Confirmed',
  initiator: 'remote',
  localUri: nameAddr('<sip:charlie@192.0.2.3>'),
  remoteUri: nameAddr('<sip:bob@192.0.2.2>'),
  localSeq: 1,
  remoteSeq: 1,
  remoteTarget: uri('sip:bob@192.0.2.2:5060'),
  routeSet: [],
  secure: false,
  usages: [{ type: 'invite' }],
  ...fields,
  id: { callId: 'consult@192.0.2.2', localTag: 'charlie1', remoteTag: 'bob1', ...fields.id },
})

/** The Replaces a transferee would send for `d`: to-tag is the target's tag (R3891-3). */
const replacesOf = (d: Dialog, change: Partial<Replaces> = {}): Replaces => ({
  callId: d.id.callId,
  toTag: d.id.localTag,
  fromTag: d.id.remoteTag,
  earlyOnly: false,
  params: [],
  ...change,
})

const never = (): boolean => false

describe('replacesVerdict (RFC 3891 §3)', () => {
  it('a confirmed INVITE dialog is replaced, then ended with BYE (R3891-12)', () => {
    const d = dialog()
    expect(replacesVerdict(replacesOf(d), [d], never)).toEqual({ type: 'replace', dialog: dialogKey(d.id), end: 'bye' })
  })

  it('matches to-tag against the local tag and from-tag against the remote tag, not the other way round (R3891-3)', () => {
    const d = dialog()
    const swapped = replacesOf(d, { toTag: d.id.remoteTag, fromTag: d.id.localTag })
    expect(replacesVerdict(swapped, [d], never)).toMatchObject({ type: 'reject', status: 481 })
  })

  it('no dialog matches: 481 (R3891-7)', () => {
    const d = dialog()
    for (const change of [{ callId: 'other@192.0.2.2' }, { toTag: 'x' }, { fromTag: 'y' }]) {
      expect(replacesVerdict(replacesOf(d, change), [d], never)).toMatchObject({ type: 'reject', status: 481 })
    }
    expect(replacesVerdict(replacesOf(d), [], never)).toMatchObject({ type: 'reject', status: 481 })
  })

  it('a dialog that ended lately: 603, so the replacement does not ring (R3891-8)', () => {
    const d = dialog()
    const ended = (key: string): boolean => key === dialogKey(d.id)
    expect(replacesVerdict(replacesOf(d), [], ended)).toMatchObject({ type: 'reject', status: 603 })
    // Only the dialog the header names counts: another ended dialog leaves a 481.
    expect(replacesVerdict(replacesOf(d, { fromTag: 'someone-else' }), [], ended)).toMatchObject({ type: 'reject', status: 481 })
  })

  it('a dialog still held but Terminated: 603 (R3891-8)', () => {
    const d = dialog({ state: 'Terminated' })
    expect(replacesVerdict(replacesOf(d), [d], never)).toMatchObject({ type: 'reject', status: 603 })
  })

  it('early-only on a confirmed dialog: 486 (R3891-11)', () => {
    const d = dialog()
    expect(replacesVerdict(replacesOf(d, { earlyOnly: true }), [d], never)).toMatchObject({ type: 'reject', status: 486 })
  })

  it('an early dialog this UA initiated (it is the UAC): replaced, then ended with CANCEL (R3891-13); early-only allows it', () => {
    const d = dialog({ state: 'Early', initiator: 'local' })
    const replace = { type: 'replace', dialog: dialogKey(d.id), end: 'cancel' }
    expect(replacesVerdict(replacesOf(d), [d], never)).toEqual(replace)
    expect(replacesVerdict(replacesOf(d, { earlyOnly: true }), [d], never)).toEqual(replace)
  })

  it('an early dialog this UA did not initiate (still ringing here): 481 (R3891-14)', () => {
    const d = dialog({ state: 'Early', initiator: 'remote' })
    expect(replacesVerdict(replacesOf(d), [d], never)).toMatchObject({ type: 'reject', status: 481 })
  })

  it('a dialog not created by INVITE (a refer subscription only): 481 (R3891-7)', () => {
    const d = dialog({ usages: [{ type: 'subscription', event: 'refer', id: '1', role: 'notifier' }] })
    expect(replacesVerdict(replacesOf(d), [d], never)).toMatchObject({ type: 'reject', status: 481 })
  })

  it('a header that matches two dialogs counts as no match: 481 (R3891-6)', () => {
    // Tags of "0" match a missing tag (R3891-2), so two dialogs without tags both match.
    const a = dialog({ id: { localTag: '' } })
    const b = dialog({ id: { localTag: '0' } })
    expect(replacesVerdict(replacesOf(a, { toTag: '0' }), [a, b], never)).toMatchObject({ type: 'reject', status: 481 })
  })

  it('a tag of "0" matches a missing tag of an RFC 2543 peer (R3891-2)', () => {
    const d = dialog({ id: { remoteTag: '' } })
    expect(replacesVerdict(replacesOf(d, { fromTag: '0' }), [d], never)).toEqual({ type: 'replace', dialog: dialogKey(d.id), end: 'bye' })
  })
})
