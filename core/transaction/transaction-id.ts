/**
 * Transaction ids. A client transaction is named by what matches its responses
 * (§17.1.3: top-Via branch and CSeq method), so the TU knows the id before it steps.
 * Server transactions are numbered by the layer: their branch comes from the network
 * and may be absent (RFC 2543) or shared by two senders (§17.2.3 also needs sent-by).
 */
export type TransactionId = string

export const clientTransactionId = (method: string, branch: string): TransactionId => `c:${method}:${branch}`

export const serverTransactionId = (n: number): TransactionId => `s:${n}`
