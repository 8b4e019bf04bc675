/**
 * What free text and names may contain, once for every door text comes in by: the HTTP contract
 * (contract/fields.ts), the checks of a case started by hand (activities/case-context.ts, through
 * activities/applications/validation.ts) and the workflow's own message validators
 * (workflows/validation.ts). Pure: the workflow bundle imports it.
 *
 * Text is checked after NFC normalisation.
 */

/**
 * Bidirectional controls: U+061C, U+200E/F, U+202A–E, U+2066–9. A right-to-left override in a
 * note would be printed into a signed document and make it read differently from what was signed.
 */
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';

/** C0 and C1 controls (single line: all of them). */
const CONTROLS = '\\u0000-\\u001f\\u007f-\\u009f';
/** C0 and C1 controls but tab, line feed and carriage return. */
const CONTROLS_BUT_LINES = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';

export const SAFE_TEXT_PATTERN = `^[^${CONTROLS}${BIDI}]*$`;
export const SAFE_MULTILINE_TEXT_PATTERN = `^[^${CONTROLS_BUT_LINES}${BIDI}]*$`;

/** One line of text without control or bidirectional characters. */
export const SAFE_TEXT = new RegExp(SAFE_TEXT_PATTERN);
/** Text that may span lines (tab, CR, LF), without other control or bidirectional characters. */
export const SAFE_MULTILINE_TEXT = new RegExp(SAFE_MULTILINE_TEXT_PATTERN);

/**
 * Latin letters: ASCII, Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional
 * (every Vietnamese letter exists precomposed there, and text is NFC by now).
 */
const LATIN_LETTER = 'A-Za-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u1e00-\\u1eff';

/**
 * A person's name in Vietnamese use: Latin letters, single spaces and . ' - between words. Other
 * scripts and look-alikes (Cyrillic "а", Greek "ο", full-width "Ａ", a combining stroke, a
 * zero-width joiner) are refused: a name is printed on certificates and decisions.
 */
export const PERSON_NAME = new RegExp(`^[${LATIN_LETTER}]+(?:[ .'-]{1,2}[${LATIN_LETTER}]+)*\\.?$`);

/** Whether `text` holds a control or bidirectional character (line breaks allowed if `multiline`). */
export function unsafeText(text: string, multiline = false): boolean {
  return !(multiline ? SAFE_MULTILINE_TEXT : SAFE_TEXT).test(text);
}
