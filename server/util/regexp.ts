// Text put into a regular expression as itself: every character with a meaning in a pattern is escaped
// (a host name with dots, a folder with parentheses, a CPU model such as "Intel(R) Xeon(R)").
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
