/**
 * RFC 3261 §18.1.1: "If a request is within 200 bytes of the path MTU, or if it is larger
 * than 1300 bytes and the path MTU is not known, the request MUST be sent using an
 * RFC 2914 congestion controlled transport protocol, such as TCP."
 */
export const udpRequestLimit = 1300

/** A request (not a response: §18.2.2 sends responses where the request came from). */
export const isRequest = (data: Uint8Array): boolean =>
  !(data[0] === 0x53 && data[1] === 0x49 && data[2] === 0x50 && data[3] === 0x2f) // "SIP/"

export const mustUseStream = (data: Uint8Array, limit: number = udpRequestLimit): boolean => data.length > limit && isRequest(data)
