// The languages the deck, its exports and the claims' reasons are written in: English and
// Traditional Chinese as written in Taiwan. One list for the deck (slides/i18n), the CLI's --lang
// and the claims (analysis/claims/words.ts).
export type Lang = 'en' | 'zh-TW';
export const LANGS: readonly Lang[] = ['en', 'zh-TW'];
