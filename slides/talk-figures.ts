// The talk's figures live in analysis/talk.ts (the claims module reads them too); the deck's
// sections import them from here.
export * from '../analysis/talk.ts';
