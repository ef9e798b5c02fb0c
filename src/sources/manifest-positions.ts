import type { FieldLocator, SourceLocation } from '../model/types.js';
import { DocumentPositions } from './field-positions.js';
import type { FieldSource } from './manifest-text.js';
import { splitDocuments } from './yaml-documents.js';

/**
 * The field locators of a load's objects. A file's text is read again (through `textOf`) only
 * when a finding in it asks for a position, and split into the same documents as the parse did,
 * so a scan without findings, or a parse on worker threads, never keeps or sends the text.
 */
export class ManifestPositions {
  private readonly documents = new Map<string, Map<number, DocumentPositions> | null>();

  /** @param textOf the text of a file of the load (the file read again, or stdin as it was read); undefined when it cannot be had. */
  constructor(private readonly textOf: (file: string) => string | undefined) {}

  /** A locator for the object of `source` in `file`, which falls back to `location` (the object's first line). */
  locatorFor(file: string, source: FieldSource, location: SourceLocation): FieldLocator {
    return (pointer) => this.document(file, source)?.locatorFor(source.base, location)(pointer) ?? location;
  }

  private document(file: string, source: FieldSource): DocumentPositions | undefined {
    let documents = this.documents.get(file);
    if (documents === undefined) {
      documents = null;
      const raw = this.textOf(file);
      if (raw !== undefined) {
        const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
        documents = new Map();
        const reader = source.json ? 'json' : 'yaml';
        for (const doc of source.json ? [{ text, startLine: 1 }] : splitDocuments(text))
          documents.set(doc.startLine, new DocumentPositions(doc.text, doc.startLine, file, reader));
      }
      this.documents.set(file, documents);
    }
    return documents?.get(source.startLine);
  }
}
