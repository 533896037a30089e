import { randomBytes, randomUUID } from 'node:crypto';

/** A provisioned http-first session: its id (in the WebSocket URL) and its own socket token. */
export interface DemoSession {
  id: string;
  token: string;
}

/** The sessions one http-first agent has handed out, looked up by the WebSocket upgrade. */
export class SessionStore {
  private readonly sessions = new Map<string, DemoSession>();

  /** Provisions a session with a fresh id and an unguessable token. */
  create(): DemoSession {
    const session = { id: randomUUID(), token: randomBytes(18).toString('base64url') };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session with this id, if it was provisioned here. */
  get(id: string): DemoSession | undefined {
    return this.sessions.get(id);
  }
}
