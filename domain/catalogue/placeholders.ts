/**
 * The `{{...}}` placeholders a decision template may use, as templates/placeholders.ts fills
 * them. Only values that are always present are allowed (applicant.email is optional, so it is
 * not); `form.<path>` must name a required, printable (non-object) field of the e-form.
 */

export const FIXED_PLACEHOLDERS: readonly string[] = [
  'applicant.fullName',
  'applicant.address',
  'applicant.idNumber',
  'applicant.phone',
  'case.code',
  'unit.name',
  'unit.issuerName',
  'unit.address',
  'unit.place',
  'ward.name',
  'ward.issuerName',
  'ward.address',
  'ward.place',
] as const;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholder names in a text, in order, e.g. ["applicant.fullName", "form.land.area"]. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Text left over after removing well-formed placeholders still containing braces = malformed. */
export function hasMalformedPlaceholder(text: string): boolean {
  const rest = text.replace(PLACEHOLDER, '');
  return rest.includes('{{') || rest.includes('}}');
}
