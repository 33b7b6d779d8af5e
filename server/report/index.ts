// Every experiment's text formatter, registered by importing its module.
import './call-overhead.ts';
import './scaling.ts';
import './cdll-vs-pydll.ts';
import './pydll-blocking.ts';
import './pydll-deadlock.ts';
import './races.ts';
import './arena.ts';
import './env-check.ts';
import './instructions.ts';

export { formatRecord } from './format.ts';
