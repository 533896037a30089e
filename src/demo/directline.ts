import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerFor } from './answers.js';
import { menuReply, type MenuReply } from './menu.js';
import { readJsonBody } from './body.js';
import type { DemoConnection } from './connection.js';
import { isRecord } from './frames.js';
import type { ProfileHandler } from './handler.js';
import { headerValue, pathOf, sendJson } from './http.js';
import { SessionStore, type DemoSession } from './sessions.js';

/** The Direct Line secret the conversation-start request must carry (a bot's channel secret). */
export const DEMO_DIRECTLINE_SECRET = 'demo-directline-secret';
const START_PATH = '/v3/directline/conversations';
const ACTIVITIES_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/activities$/;
const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
const FIRST_DELAY_MS = 20;
const NEXT_DELAY_MS = 10;
const BOT = { id: 'demo-bot', name: 'Demo Bot', role: 'bot' } as const;
/** Direct Line's keepalive: an empty text frame now and then (ms, before timeScale). */
const KEEPALIVE_MS = 150;
const GOODBYE = /\b(good)?bye\b/i;

/** One conversation: its stream (once connected) and the watermark of the next ActivitySet. */
interface Conversation {
  session: DemoSession;
  stream: DemoConnection | null;
  watermark: number;
}

/**
 * Bot Framework Direct Line 3.0, as much as a tester meets: `POST /v3/directline/conversations`
 * (Bearer secret) answers `{conversationId, token, streamUrl, expires_in}`; the client connects to
 * `streamUrl`; activities are POSTed to `…/conversations/{id}/activities` (Bearer token). The
 * stream carries ActivitySets `{activities: [...], watermark}`: the user's own activity echoed back
 * together with a typing activity, then the bot's answer — its messages in one set when there are
 * two — and, after a goodbye, an `endOfConversation` activity. Empty frames come in between as
 * keepalives, as Direct Line sends them.
 */
/**
 * A menu reply as a Bot Framework activity: choices as `suggestedActions` (imBack buttons, whose
 * click sends `value` as the text), a card as a hero card attachment with its own buttons.
 */
function menuActivity(reply: MenuReply): Record<string, unknown> {
  const imBack = (choice: { title: string; payload: string }) => ({ type: 'imBack', title: choice.title, value: choice.payload });
  const activity: Record<string, unknown> = { type: 'message', from: BOT };
  if (reply.text) activity.text = reply.text;
  if (reply.choices) activity.suggestedActions = { actions: reply.choices.map(imBack) };
  if (reply.card) {
    const { title, text, buttons } = reply.card;
    activity.attachments = [{ contentType: 'application/vnd.microsoft.card.hero', content: { title, text, buttons: buttons.map(imBack) } }];
  }
  return activity;
}

export function directLineProfile(): ProfileHandler {
  const store = new SessionStore();
  const conversations = new Map<string, Conversation>();
  /** One ActivitySet holding `activities`, each stamped with its id and the conversation. */
  const stream = (conversation: Conversation, delayMs: number, ...activities: Array<Record<string, unknown>>) => {
    const full = activities.map((activity) => {
      const watermark = String(conversation.watermark++);
      return { ...activity, id: `${conversation.session.id}|${watermark.padStart(7, '0')}`, conversation: { id: conversation.session.id }, timestamp: new Date().toISOString() };
    });
    conversation.stream?.later(delayMs, { activities: full, watermark: String(conversation.watermark - 1) });
  };

  const start = (req: IncomingMessage, res: ServerResponse, wsOrigin: string) => {
    req.resume();
    if (headerValue(req.headers, 'authorization') !== `Bearer ${DEMO_DIRECTLINE_SECRET}`) return sendJson(res, 403, { error: { code: 'BadArgument', message: 'Invalid secret' } });
    const session = store.create();
    conversations.set(session.id, { session, stream: null, watermark: 0 });
    const streamUrl = `${wsOrigin}${START_PATH}/${session.id}/stream?watermark=-&t=${session.token}`;
    sendJson(res, 201, { conversationId: session.id, token: session.token, expires_in: 1800, streamUrl });
  };

  const post = async (req: IncomingMessage, res: ServerResponse, id: string) => {
    const conversation = conversations.get(id);
    if (!conversation || headerValue(req.headers, 'authorization') !== `Bearer ${conversation.session.token}`) {
      req.resume();
      return sendJson(res, 403, { error: { code: 'TokenOrConversationMismatch', message: 'Forbidden' } });
    }
    const body = await readJsonBody(req);
    if (!body.ok) return sendJson(res, body.status, { error: { code: 'BadArgument', message: body.error } });
    const activity = isRecord(body.value) ? body.value : {};
    const watermark = conversation.watermark;
    const echo = { ...activity, from: { ...(isRecord(activity.from) ? activity.from : {}), role: 'user' } };
    sendJson(res, 200, { id: `${id}|${String(watermark).padStart(7, '0')}` });
    if (activity.type !== 'message' || typeof activity.text !== 'string') return stream(conversation, 0, echo);
    // The echo and the bot's typing activity share a set, as Direct Line often batches them.
    stream(conversation, 0, echo, { type: 'typing', from: BOT });
    const replyToId = `${id}|${String(watermark).padStart(7, '0')}`;
    const menu = menuReply(activity.text);
    const answer = menu ? [{ ...menuActivity(menu), replyToId }] : answerFor(activity.text).map((text) => ({ type: 'message', from: BOT, text, replyToId }));
    // Two answer messages come in one set; longer answers two by two.
    for (let at = 0; at < answer.length; at += 2) stream(conversation, at === 0 ? FIRST_DELAY_MS : NEXT_DELAY_MS, ...answer.slice(at, at + 2));
    if (GOODBYE.test(activity.text)) stream(conversation, NEXT_DELAY_MS, { type: 'endOfConversation', from: BOT, code: 'completedSuccessfully' });
  };

  return {
    entry: { scheme: 'http', path: START_PATH },
    refusal: (req) => {
      const id = STREAM_PATH.exec(pathOf(req.url))?.[1];
      const conversation = id === undefined ? undefined : conversations.get(id);
      const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('t');
      return conversation && token === conversation.session.token && conversation.stream === null ? undefined : 403;
    },
    attach: (conn, req) => {
      const conversation = conversations.get(STREAM_PATH.exec(pathOf(req.url))![1]!)!;
      conversation.stream = conn;
      conn.everyText(KEEPALIVE_MS, '');
    },
    request: (req, res, wsOrigin) => {
      const path = pathOf(req.url);
      if (req.method === 'POST' && path === START_PATH) return start(req, res, wsOrigin);
      const id = ACTIVITIES_PATH.exec(path)?.[1];
      if (req.method === 'POST' && id !== undefined) return void post(req, res, id);
      req.resume();
      sendJson(res, 404, { error: { code: 'NotFound', message: 'not found' } });
    },
  };
}
