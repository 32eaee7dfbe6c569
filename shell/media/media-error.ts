/** Why a media instruction or the media configuration could not be carried out. */
export interface MediaError {
  readonly _tag: 'MediaError'
  /** The stream concerned, when there is one. */
  readonly stream: string | undefined
  readonly reason: string
}

export const mediaError = (stream: string | undefined, reason: string): MediaError => ({ _tag: 'MediaError', stream, reason })
