// `auth`: a follow-mode viewer becomes the presenter with the printed token (compared in constant time).
import { timingSafeEqual } from 'node:crypto';
import type { Handler } from '../context.ts';

export const handleAuth: Handler<'auth'> = (ctx, msg, reply) => {
  const { token } = ctx;
  const ok = token !== null && msg.token.length === token.length && timingSafeEqual(Buffer.from(msg.token), Buffer.from(token));
  if (!ok) return reply.fail('wrong token', 'token');
  ctx.roles.set(reply.ws, 'control');
  reply.send({ type: 'auth', role: 'control' });
};
