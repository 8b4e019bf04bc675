/**
 * Modification analysis of the revisions written after a signature (in the spirit of pyHanko's
 * reject-by-default diff policy). Allowed after a signature:
 *
 * - new objects (harmless unless something existing points to them, which the rules below police);
 * - the catalog gaining or changing /AcroForm and /DSS;
 * - the AcroForm gaining signature fields in /Fields, /SigFlags, /DR, /DA;
 * - pages and /Annots arrays gaining widgets of signature fields;
 * - an empty signature field receiving its /V (and its widgets their /AP);
 * - objects of the DSS (validation data).
 *
 * Anything else (a changed content stream, a new non-signature annotation or field, a deleted
 * object, a changed /Info, ...) counts as a modification.
 */
import {
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
} from 'pdf-lib';
import { dictOf } from '../pdf/fields';
import { serialize } from '../pdf/incremental-writer';
import type { XrefChain } from '../pdf/xref';

/** Outcome of {@link analyseModifications}. */
export interface ModificationResult {
  readonly modified: boolean;
  readonly reasons: readonly string[];
}

const same = (a: PDFObject | undefined, b: PDFObject | undefined): boolean => {
  if (a === undefined || b === undefined) return a === b;
  return serialize(a).equals(serialize(b));
};

function keysOf(d: PDFDict): string[] {
  return d.keys().map((k) => k.decodeText());
}

function differingKeys(a: PDFDict, b: PDFDict): string[] {
  const keys = new Set([...keysOf(a), ...keysOf(b)]);
  return [...keys].filter((k) => !same(a.get(PDFName.of(k)), b.get(PDFName.of(k))));
}

function refsIn(
  context: PDFContext,
  obj: PDFObject | undefined,
): { refs: string[]; other: boolean } {
  const arr = obj instanceof PDFRef ? context.lookup(obj) : obj;
  if (arr === undefined) return { refs: [], other: false };
  if (!(arr instanceof PDFArray)) return { refs: [], other: true };
  const refs: string[] = [];
  let other = false;
  for (const x of arr.asArray()) {
    if (x instanceof PDFRef) refs.push(x.tag);
    else other = true;
  }
  return { refs, other };
}

function isSigField(context: PDFContext, ref: string | PDFRef): boolean {
  const d = dictOf(context, typeof ref === 'string' ? parseRef(ref) : ref);
  if (!d) return false;
  let cur: PDFDict | undefined = d;
  for (let i = 0; cur && i < 16; i++) {
    const ft = cur.get(PDFName.of('FT'));
    if (ft) return ft === PDFName.of('Sig');
    cur = dictOf(context, cur.get(PDFName.of('Parent')));
  }
  return false;
}

function parseRef(tag: string): PDFRef {
  const [n, g] = tag.split(' ');
  return PDFRef.of(Number(n), Number(g));
}

/** Old array members must stay; new members must be signature fields/widgets. */
function checkGrowth(
  oldCtx: PDFContext,
  newCtx: PDFContext,
  oldValue: PDFObject | undefined,
  newValue: PDFObject | undefined,
  what: string,
  reasons: string[],
): void {
  const before = refsIn(oldCtx, oldValue);
  const after = refsIn(newCtx, newValue);
  if (after.other) reasons.push(`${what} holds a non-reference entry`);
  const kept = new Set(after.refs);
  for (const r of before.refs) if (!kept.has(r)) reasons.push(`${what} lost ${r}`);
  const had = new Set(before.refs);
  for (const r of after.refs) {
    if (!had.has(r) && !isSigField(newCtx, r))
      reasons.push(`${what} gained ${r}, which is not a signature field`);
  }
}

function dssObjects(context: PDFContext, catalog: PDFDict | undefined): Set<string> {
  const out = new Set<string>();
  const walk = (obj: PDFObject | undefined, depth: number): void => {
    if (obj === undefined || depth > 8) return;
    if (obj instanceof PDFRef) {
      if (out.has(obj.tag)) return;
      out.add(obj.tag);
      walk(context.lookup(obj), depth + 1);
    } else if (obj instanceof PDFDict) {
      for (const [, v] of obj.entries()) walk(v, depth + 1);
    } else if (obj instanceof PDFArray) {
      for (const v of obj.asArray()) walk(v, depth + 1);
    }
  };
  walk(catalog?.get(PDFName.of('DSS')), 0);
  return out;
}

/**
 * Compares the document as it was at `revisionEnd` (the end of a signature's byte range) with
 * the whole file.
 */
export async function analyseModifications(
  bytes: Buffer,
  revisionEnd: number,
  xref: XrefChain,
  current: PDFDocument,
): Promise<ModificationResult> {
  const reasons: string[] = [];
  if (revisionEnd >= bytes.length) return { modified: false, reasons };
  const later = xref.sections.filter((s) => s.offset >= revisionEnd);
  if (later.length === 0) {
    const tail = bytes.subarray(revisionEnd).toString('latin1');
    if (tail.trim() !== '') reasons.push('bytes were appended without a cross-reference section');
    return { modified: reasons.length > 0, reasons };
  }
  let previous: PDFDocument;
  try {
    previous = await PDFDocument.load(bytes.subarray(0, revisionEnd), {
      ignoreEncryption: true,
      updateMetadata: false,
    });
  } catch {
    return { modified: true, reasons: ['the signed revision cannot be read on its own'] };
  }
  const oldCtx = previous.context;
  const newCtx = current.context;
  const touched = new Map<number, PDFRef>();
  for (const s of later) {
    for (const [num, entry] of s.entries) {
      if (entry.type === 0) reasons.push(`object ${num} was deleted`);
      else touched.set(num, PDFRef.of(num, entry.generation));
    }
  }
  for (const [ref] of newCtx.enumerateIndirectObjects()) {
    if (!oldCtx.lookup(ref)) touched.set(ref.objectNumber, ref);
  }

  const oldRoot = oldCtx.trailerInfo.Root;
  const newRoot = newCtx.trailerInfo.Root;
  if (!(oldRoot instanceof PDFRef) || !(newRoot instanceof PDFRef) || oldRoot.tag !== newRoot.tag) {
    reasons.push('the document catalog was replaced');
  }
  if (!same(oldCtx.trailerInfo.Info, newCtx.trailerInfo.Info))
    reasons.push('the /Info reference changed');
  const oldCatalog = dictOf(oldCtx, oldRoot);
  const newCatalog = dictOf(newCtx, newRoot);
  const oldFormRef = oldCatalog?.get(PDFName.of('AcroForm'));
  const newFormRef = newCatalog?.get(PDFName.of('AcroForm'));
  const dss = new Set([...dssObjects(oldCtx, oldCatalog), ...dssObjects(newCtx, newCatalog)]);

  const checkForm = (oldForm: PDFDict | undefined, newForm: PDFDict): void => {
    for (const k of oldForm ? differingKeys(oldForm, newForm) : keysOf(newForm)) {
      if (k === 'Fields') {
        checkGrowth(
          oldCtx,
          newCtx,
          oldForm?.get(PDFName.of('Fields')),
          newForm.get(PDFName.of('Fields')),
          'AcroForm /Fields',
          reasons,
        );
      } else if (!['SigFlags', 'DR', 'DA'].includes(k)) {
        reasons.push(`AcroForm /${k} changed`);
      }
    }
  };

  for (const ref of touched.values()) {
    const after = newCtx.lookup(ref);
    const before = oldCtx.lookup(ref);
    if (after === undefined) continue; // xref and object streams are consumed by the parser
    if (before === undefined) continue; // new object: judged by what refers to it
    if (same(before, after)) continue;
    const label = `object ${ref.objectNumber}`;
    if (dss.has(ref.tag)) continue;
    if (
      ref.tag === (newRoot as PDFRef).tag &&
      before instanceof PDFDict &&
      after instanceof PDFDict
    ) {
      for (const k of differingKeys(before, after)) {
        if (k === 'AcroForm') {
          const nf = dictOf(newCtx, after.get(PDFName.of('AcroForm')));
          if (!nf) reasons.push('the AcroForm was removed');
          else if (!(after.get(PDFName.of('AcroForm')) instanceof PDFRef))
            checkForm(dictOf(oldCtx, before.get(PDFName.of('AcroForm'))), nf);
          else if (
            !(oldFormRef instanceof PDFRef) ||
            oldFormRef.tag !== (newFormRef as PDFRef).tag
          ) {
            checkForm(dictOf(oldCtx, oldFormRef), nf);
          }
        } else if (k !== 'DSS') {
          reasons.push(`the catalog's /${k} changed`);
        }
      }
      continue;
    }
    if (
      before instanceof PDFRawStream ||
      after instanceof PDFRawStream ||
      !(before instanceof PDFDict || before instanceof PDFArray)
    ) {
      reasons.push(`${label} (content or resource) was changed`);
      continue;
    }
    if (oldFormRef instanceof PDFRef && ref.tag === oldFormRef.tag && after instanceof PDFDict) {
      checkForm(before as PDFDict, after);
      continue;
    }
    if (before instanceof PDFArray && after instanceof PDFArray) {
      // An indirect /Fields or /Annots array.
      checkGrowth(oldCtx, newCtx, before, after, `array ${ref.objectNumber}`, reasons);
      continue;
    }
    if (!(before instanceof PDFDict) || !(after instanceof PDFDict)) {
      reasons.push(`${label} changed type`);
      continue;
    }
    const type = after.get(PDFName.of('Type'));
    const keys = differingKeys(before, after);
    if (type === PDFName.of('Page')) {
      for (const k of keys) {
        if (k === 'Annots')
          checkGrowth(
            oldCtx,
            newCtx,
            before.get(PDFName.of('Annots')),
            after.get(PDFName.of('Annots')),
            `page ${ref.objectNumber} /Annots`,
            reasons,
          );
        else reasons.push(`page object ${ref.objectNumber} /${k} changed`);
      }
      continue;
    }
    if (isSigField(oldCtx, ref) || isSigField(newCtx, ref)) {
      const wasSigned = before.has(PDFName.of('V'));
      for (const k of keys) {
        if (k === 'V' && !wasSigned) continue;
        if (k === 'AP' && !fieldSigned(oldCtx, before)) continue;
        reasons.push(
          `signature field ${ref.objectNumber} /${k} changed${wasSigned ? ' after it was signed' : ''}`,
        );
      }
      continue;
    }
    reasons.push(`${label} was changed`);
  }
  return { modified: reasons.length > 0, reasons: [...new Set(reasons)] };
}

/** Whether the field a widget belongs to was already signed. */
function fieldSigned(context: PDFContext, widget: PDFDict): boolean {
  if (widget.has(PDFName.of('V'))) return true;
  const parent = dictOf(context, widget.get(PDFName.of('Parent')));
  return parent?.has(PDFName.of('V')) ?? false;
}
