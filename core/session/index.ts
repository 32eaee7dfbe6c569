export * from './invite-session.ts'
export * from './media-session.ts'
