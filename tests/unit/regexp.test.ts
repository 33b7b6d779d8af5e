// escapeRegExp: a text with pattern characters matches only itself inside a larger pattern.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeRegExp } from '../../server/util/regexp.ts';

test('every pattern character is taken literally', () => {
  const text = 'Intel(R) Xeon(R) CPU @ 2.00GHz [x86_64] a.b*c+d?e^f$g{1}h|i\\j';
  const re = new RegExp(`^${escapeRegExp(text)}$`);
  assert.match(text, re);
  assert.doesNotMatch('IntelR Xeon(R) CPU @ 2.00GHz [x86_64] a.b*c+d?e^f$g{1}h|i\\j', re);
  assert.doesNotMatch('host-vmX', new RegExp(`^${escapeRegExp('host.vm')}`));
});
