/**
 * Words that only English text has (none is a Vietnamese syllable, so not "to" or "an"; case ignored): one of them in the visible
 * text of a Vietnamese page means a message or a label escaped the catalogue.
 */
export const ENGLISH_WORDS =
  /\b(the|and|is|are|not|of|for|with|must|should|please|request|requests|too|many|being|field|fields|invalid|valid|wrong|exactly|digits|error|failed|required|format|pattern|characters|case|cannot|could|try|again|signature|document|undefined|null|NaN|object)\b/i;

/** The lines of `text` that hold an English word, each with the word found. */
export function englishLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => [ENGLISH_WORDS.exec(line)?.[0], line.trim()] as const)
    .filter(([word]) => word !== undefined)
    .map(([word, line]) => `"${word}" in ${JSON.stringify(line)}`);
}
