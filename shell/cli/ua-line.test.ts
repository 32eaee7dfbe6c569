import { describe, expect, it } from 'vitest'
import type { CallSummary } from '../runtime/index.ts'
import { parseUaLine } from './ua-line.ts'
import { parseUaOptions } from './ua-options.ts'

const call = (id: string, state: string, held = false): CallSummary => ({ call: id, role: 'uas', state, peer: 'sip:x@127.0.0.1', held })

describe('sipxfer ua: stdin lines', () => {
  const calls = [call('c1', 'Confirmed'), call('c2', 'Incoming'), call('c3', 'Confirmed', true)]
  it('fills in the call a command means', () => {
    expect(parseUaLine('answer', calls)).toEqual({ type: 'command', command: { type: 'answer', call: 'c2' } })
    expect(parseUaLine('reject 486', calls)).toEqual({ type: 'command', command: { type: 'reject', call: 'c2', status: 486 } })
    expect(parseUaLine('reject c2 603', calls)).toEqual({ type: 'command', command: { type: 'reject', call: 'c2', status: 603 } })
    expect(parseUaLine('hold', calls)).toEqual({ type: 'command', command: { type: 'hold', call: 'c1' } })
    expect(parseUaLine('resume', calls)).toEqual({ type: 'command', command: { type: 'resume', call: 'c3' } })
    expect(parseUaLine('hangup', calls)).toEqual({ type: 'command', command: { type: 'hangup', call: 'c3' } })
  })
  it('reads the transfer commands', () => {
    expect(parseUaLine('transfer c1 sip:c@h', [])).toEqual({ type: 'command', command: { type: 'transfer', call: 'c1', target: 'sip:c@h' } })
    expect(parseUaLine('attended c1 c2', [])).toEqual({ type: 'command', command: { type: 'attendedTransfer', call: 'c1', consultation: 'c2' } })
    expect(parseUaLine('consult c1 sip:c@h', [])).toEqual({ type: 'command', command: { type: 'startConsultation', call: 'c1', target: 'sip:c@h' } })
    expect(parseUaLine('accept-transfer c1', [])).toEqual({ type: 'command', command: { type: 'acceptTransfer', call: 'c1' } })
    expect(parseUaLine('reject-transfer c1', [])).toEqual({ type: 'command', command: { type: 'rejectTransfer', call: 'c1' } })
    expect(parseUaLine('unsubscribe c1', [])).toEqual({ type: 'command', command: { type: 'unsubscribe', call: 'c1' } })
    expect(parseUaLine('unsubscribe', [])).toEqual({ type: 'error', reason: 'usage: unsubscribe CALL' })
  })
  it('says what is wrong with a bad line', () => {
    expect(parseUaLine('dial', [])).toEqual({ type: 'error', reason: 'usage: dial URI' })
    expect(parseUaLine('answer', [])).toEqual({ type: 'error', reason: 'no ringing call' })
    expect(parseUaLine('xyzzy', [])).toEqual({ type: 'error', reason: 'unknown command "xyzzy"' })
    expect(parseUaLine('   ', [])).toEqual({ type: 'empty' })
  })
})

describe('sipxfer ua: options', () => {
  it('parses every option', () => {
    const r = parseUaOptions(['--listen', 'udp:127.0.0.1:0', '--listen=tcp:127.0.0.1:0', '--user', 'bob', '--auto-answer=250', '--on-refer', 'ask', '--credentials', 'bob:s:e', '--rtp-port', '30000', '--tone', '440', '--log-level', 'debug'])
    expect(r).toEqual({
      _tag: 'Right',
      right: { listen: ['udp:127.0.0.1:0', 'tcp:127.0.0.1:0'], user: 'bob', autoAnswerMs: 250, onRefer: 'ask', credentials: { username: 'bob', password: 's:e' }, rtpPort: 30000, toneHz: 440, logLevel: 'debug', help: false },
    })
    expect(parseUaOptions(['--auto-answer'])).toMatchObject({ right: { autoAnswerMs: 0 } })
    expect(parseUaOptions(['--max-calls', '5000', '--no-media'])).toMatchObject({ right: { maxCalls: 5000, noMedia: true } })
    expect(parseUaOptions(['--wav', 'hello.wav'])).toMatchObject({ right: { wavPath: 'hello.wav' } })
    expect(parseUaOptions(['--wav=hello.wav'])).toMatchObject({ right: { wavPath: 'hello.wav' } })
  })
  it('takes one audio source: --tone or --wav', () => {
    expect(parseUaOptions(['--tone', '440', '--wav', 'a.wav'])).toEqual({ _tag: 'Left', left: '--tone and --wav exclude each other: a stream plays one source' })
    expect(parseUaOptions(['--wav'])).toEqual({ _tag: 'Left', left: '--wav needs a WAV file (16-bit mono 8000 Hz PCM)' })
  })
  it('refuses bad values', () => {
    expect(parseUaOptions(['--rtp-port', '30001'])._tag).toBe('Left')
    expect(parseUaOptions(['--on-refer', 'maybe'])._tag).toBe('Left')
    expect(parseUaOptions(['--frob'])._tag).toBe('Left')
    expect(parseUaOptions(['--max-calls', '0'])).toEqual({ _tag: 'Left', left: '--max-calls needs a number of calls (1 or more)' })
    expect(parseUaOptions(['--max-calls', 'many'])._tag).toBe('Left')
  })
})
