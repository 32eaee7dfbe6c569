/** Addresses of simulated nodes. */
import * as t from 'io-ts'
import type { HostPort } from '../core/ua/io.ts'

export const hostPortCodec: t.Type<HostPort, unknown, unknown> = t.type({ address: t.string, port: t.number })

export const sameHostPort = (a: HostPort, b: HostPort): boolean => a.address === b.address && a.port === b.port

export const showHostPort = (a: HostPort): string => (a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`)
