// `auth`: a follow-mode viewer becomes the presenter with the printed token (compared in constant time).
import { tokenMatches } from '../../security.ts';
import type { Handler } from '../context.ts';

export const handleAuth: Handler<'auth'> = (ctx, msg, reply) => {
  if (!tokenMatches(msg.token, ctx.token)) return reply.fail('wrong token', 'token');
  reply.member.role = 'control';
  reply.send({ type: 'auth', role: 'control' });
};
