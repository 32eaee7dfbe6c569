/** Who this UA is on the wire: AOR, Contact, Via, and where a URI's requests go. */
import { paramValue, type NameAddr, type SipUri, type Uri } from '../message/index.ts'
import type { ViaSpec } from '../dialog/index.ts'
import type { UaConfig } from './config.ts'
import type { HostPort, TransportName } from './io.ts'

const hostOf = (address: string): string => (address.includes(':') ? `[${address}]` : address)

/** The address-of-record as a name-addr, for From (and To of REGISTER). */
export const localAor = (config: UaConfig): NameAddr => ({
  ...(config.displayName === undefined ? {} : { displayName: config.displayName }),
  uri: { type: 'sip', scheme: 'sip', user: config.user, host: config.domain ?? hostOf(config.address), hostType: config.domain === undefined ? (config.address.includes(':') ? 'ipv6' : 'ipv4') : 'domain', ...(config.domain === undefined ? { port: config.port } : {}), params: [], headers: [] },
  params: [],
})

/** Our Contact: where requests in our dialogs reach us (RFC 3261 §8.1.1.8). */
export const localContact = (config: UaConfig, transport: TransportName = config.transport): NameAddr => ({
  uri: {
    type: 'sip',
    scheme: 'sip',
    user: config.user,
    host: hostOf(config.address),
    hostType: config.address.includes(':') ? 'ipv6' : 'ipv4',
    port: config.port,
    params: transport === 'udp' ? [] : [{ name: 'transport', value: transport }],
    headers: [],
  },
  params: [],
})

export const localVia = (config: UaConfig, branch: string, transport: TransportName = config.transport): ViaSpec => ({
  transport,
  host: config.address,
  port: config.port,
  branch,
})

const stripBrackets = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host)

const isIpLiteral = (host: string): boolean => /^[0-9.]+$/.test(host) || host.includes(':')

/**
 * Where requests for a URI go (RFC 3263 in spirit, without DNS): maddr, else the host
 * when it is an IP literal, else the configured `hosts` table. Port 5060 by default.
 */
export const resolveUri = (config: UaConfig, uri: Uri): HostPort | undefined => {
  if (uri.type !== 'sip') return undefined
  const sip: SipUri = uri
  const host = stripBrackets(paramValue(sip.params, 'maddr') ?? sip.host)
  if (isIpLiteral(host)) return { address: host, port: sip.port ?? (sip.scheme === 'sips' ? 5061 : 5060) }
  const known = config.hosts[host.toLowerCase()] ?? config.hosts[host]
  if (known === undefined) return undefined
  return sip.port === undefined ? known : { address: known.address, port: sip.port }
}

/** The transport a URI asks for (`;transport=tcp`), else the UA's default. */
export const transportOf = (config: UaConfig, uri: Uri): TransportName => {
  if (uri.type !== 'sip') return config.transport
  const t = paramValue(uri.params, 'transport')?.toLowerCase()
  return t === 'tcp' ? 'tcp' : t === 'udp' ? 'udp' : config.transport
}
