// The contract's requests for exporting notes as files. Spread into
// `requests` in ./index.ts.
import { z } from 'zod';
import { request } from './define';
import { MAX_IDS_PER_REQUEST } from '../doc-limits';

/** A note the export could not write completely, and why. */
export interface ExportError {
  id: string;
  title: string;
  reason: string;
}

export interface ExportResult {
  /** Notes written (one .md file each). */
  notes: number;
  /** Attachment files written. */
  attachments: number;
  /** The folder the export wrote into (a new subfolder when the chosen one was not empty). */
  folder: string;
  errors: ExportError[];
}

export const exportRequests = {
  /** Every note outside the trash as Markdown files under `to` (docs/export.md). */
  'export.allNotes': request<ExportResult>()(z.object({ to: z.string().min(1).max(4096) }).strict()),
  /** The chosen notes (outside the trash) as Markdown files under `to`, laid out as in the full export. */
  'export.notes': request<ExportResult>()(
    z.object({ ids: z.array(z.string().min(1).max(2048)).min(1).max(MAX_IDS_PER_REQUEST), to: z.string().min(1).max(4096) }).strict(),
  ),
} as const;
