/**
 * Signature fields: walking the AcroForm field tree and the page tree without pdf-lib's
 * high-level API (which normalises objects and would make us rewrite more than we must).
 */
import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';

/** A terminal form field. */
export interface FieldNode {
  /** Fully qualified name (partial names joined by "."). */
  readonly name: string;
  readonly ref?: PDFRef;
  readonly dict: PDFDict;
  /** Field type, inherited from ancestors. */
  readonly fieldType?: string;
  /** Widget annotations of the field (the field itself when merged). */
  readonly widgets: ReadonlyArray<{ ref?: PDFRef; dict: PDFDict }>;
}

/** Resolves an object through references. */
export function resolve(context: PDFContext, obj: PDFObject | undefined): PDFObject | undefined {
  let cur = obj;
  for (let i = 0; i < 32 && cur instanceof PDFRef; i++) cur = context.lookup(cur);
  return cur instanceof PDFRef ? undefined : cur;
}

export function dictOf(context: PDFContext, obj: PDFObject | undefined): PDFDict | undefined {
  const d = resolve(context, obj);
  return d instanceof PDFDict ? d : undefined;
}

export function arrayOf(context: PDFContext, obj: PDFObject | undefined): PDFArray | undefined {
  const a = resolve(context, obj);
  return a instanceof PDFArray ? a : undefined;
}

/** Decodes a PDF text string (PDFDocEncoding/UTF-16BE), NFC. */
export function textOf(context: PDFContext, obj: PDFObject | undefined): string | undefined {
  const v = resolve(context, obj);
  if (v instanceof PDFString || v instanceof PDFHexString) return v.decodeText().normalize('NFC');
  if (v instanceof PDFName) return v.decodeText();
  return undefined;
}

export function numberOf(context: PDFContext, obj: PDFObject | undefined): number | undefined {
  const v = resolve(context, obj);
  return v instanceof PDFNumber ? v.asNumber() : undefined;
}

const TYPE = PDFName.of('Type');
const KIDS = PDFName.of('Kids');
const TREE_KEYS: ReadonlySet<PDFName> = new Set([TYPE, KIDS]);

/** Reads some entries of a dictionary without the rest (signing/pdf/lazy.ts `peek`). */
export type PeekEntries = (
  ref: PDFRef,
  keys: ReadonlySet<PDFName>,
) => ReadonlyMap<PDFName, PDFObject> | undefined;

/**
 * All page dictionaries with their references, in order. With `peek`, the walk reads only /Type
 * and /Kids of each node, and a page's dictionary is read when it is asked for.
 */
export function listPages(
  context: PDFContext,
  catalog: PDFDict,
  peek?: PeekEntries,
): Array<{ ref: PDFRef; dict: PDFDict }> {
  const out: Array<{ ref: PDFRef; dict: PDFDict }> = [];
  const visited = new Set<string>();
  const walk = (ref: PDFObject | undefined, depth: number): void => {
    if (!(ref instanceof PDFRef) || depth > 64 || visited.has(ref.toString())) return;
    visited.add(ref.toString());
    const node: Pick<PDFDict, 'get'> | ReadonlyMap<PDFName, PDFObject> | undefined = peek
      ? peek(ref, TREE_KEYS)
      : dictOf(context, ref);
    if (!node) return;
    const type = node.get(TYPE);
    const kids = arrayOf(context, node.get(KIDS));
    if (type === PDFName.of('Pages') || (type === undefined && kids)) {
      for (const kid of kids?.asArray() ?? []) walk(kid, depth + 1);
    } else if (node instanceof PDFDict) {
      out.push({ ref, dict: node });
    } else {
      let dict: PDFDict | undefined;
      out.push({
        ref,
        get dict(): PDFDict {
          dict ??= dictOf(context, ref) as PDFDict;
          return dict;
        },
      });
    }
  };
  walk(catalog.get(PDFName.of('Pages')), 0);
  return out;
}

/** The AcroForm dictionary, if any. */
export function acroFormOf(context: PDFContext, catalog: PDFDict): PDFDict | undefined {
  return dictOf(context, catalog.get(PDFName.of('AcroForm')));
}

/** All terminal fields of the document's AcroForm. */
export function listFields(context: PDFContext, catalog: PDFDict): FieldNode[] {
  const form = acroFormOf(context, catalog);
  const out: FieldNode[] = [];
  const fields = arrayOf(context, form?.get(PDFName.of('Fields')));
  const visited = new Set<PDFDict>();
  const walk = (
    obj: PDFObject,
    prefix: string,
    inheritedType: string | undefined,
    depth: number,
  ): void => {
    const ref = obj instanceof PDFRef ? obj : undefined;
    const dict = dictOf(context, obj);
    if (!dict || visited.has(dict) || depth > 32) return;
    visited.add(dict);
    const partial = textOf(context, dict.get(PDFName.of('T')));
    const name = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
    const ft = dict.get(PDFName.of('FT'));
    const fieldType = ft instanceof PDFName ? ft.decodeText() : inheritedType;
    const kids = arrayOf(context, dict.get(PDFName.of('Kids')))?.asArray() ?? [];
    const childFields = kids.filter((k) => dictOf(context, k)?.has(PDFName.of('T')));
    if (childFields.length > 0) {
      for (const k of childFields) walk(k, name, fieldType, depth + 1);
      return;
    }
    const widgets: Array<{ ref?: PDFRef; dict: PDFDict }> = [];
    if (dict.get(PDFName.of('Subtype')) === PDFName.of('Widget') || kids.length === 0) {
      widgets.push(ref ? { ref, dict } : { dict });
    }
    for (const k of kids) {
      const wd = dictOf(context, k);
      if (wd) widgets.push(k instanceof PDFRef ? { ref: k, dict: wd } : { dict: wd });
    }
    out.push({ name, dict, widgets, ...(ref ? { ref } : {}), ...(fieldType ? { fieldType } : {}) });
  };
  for (const f of fields?.asArray() ?? []) walk(f, '', undefined, 0);
  return out;
}

/** Signature fields that hold a signature value (a dictionary with /ByteRange and /Contents). */
export function signedFields(
  context: PDFContext,
  catalog: PDFDict,
): Array<{ field: FieldNode; sigRef?: PDFRef; sig: PDFDict }> {
  const out: Array<{ field: FieldNode; sigRef?: PDFRef; sig: PDFDict }> = [];
  for (const field of listFields(context, catalog)) {
    if (field.fieldType !== 'Sig') continue;
    const v = field.dict.get(PDFName.of('V'));
    const sig = dictOf(context, v);
    if (!sig || !sig.has(PDFName.of('ByteRange')) || !sig.has(PDFName.of('Contents'))) continue;
    out.push({ field, sig, ...(v instanceof PDFRef ? { sigRef: v } : {}) });
  }
  return out;
}

/** Rectangle [x1 y1 x2 y2] normalised. */
export function rectOf(
  context: PDFContext,
  obj: PDFObject | undefined,
): [number, number, number, number] {
  const a = arrayOf(context, obj)?.asArray() ?? [];
  const n = a.map((x) => numberOf(context, x) ?? 0);
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = n;
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}
