// Images pasted or dropped into the editor become `file:` documents (the
// main process checks the bytes and the 10 MiB limit again) and a Markdown
// image link at the place they were put. Any file goes this way, so a
// dropped text file gets a clear refusal instead of being pasted as text.
import type { EditorView } from '@codemirror/view';
import { client } from '../../client/index';
import { imageMarkdown } from '../../markdown/app-links';
import { fileProblem } from './image-files';
import { plainError } from './plain-error';

export interface AttachmentTarget {
  track(pos: number): { noteId: string; pos: number } | null;
  insertAt(handle: { noteId: string; pos: number }, text: string): void;
  release(handle: { noteId: string; pos: number }): void;
  alert(message: string | null): void;
}

function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

/** Stores the files and inserts their links where they were put; says what failed, in plain words. */
export async function addImages(target: AttachmentTarget, files: File[], pos: number): Promise<void> {
  const handle = target.track(pos);
  if (!handle) return;
  const links: string[] = [];
  const problems: string[] = [];
  target.alert(null);
  for (const file of files) {
    const problem = fileProblem(file);
    if (problem) {
      problems.push(problem);
      continue;
    }
    try {
      const doc = await client.invoke('files.createImage', { name: file.name, dataBase64: await readBase64(file) });
      links.push(imageMarkdown(doc.name, doc._id));
    } catch (error) {
      problems.push(plainError(error));
    }
  }
  if (links.length > 0) target.insertAt(handle, links.join('\n'));
  else target.release(handle);
  if (problems.length > 0) target.alert(problems.join(' '));
}

function filesOf(data: DataTransfer | null): File[] {
  return data ? [...data.files] : [];
}

/** CodeMirror DOM handlers: files in a paste or a drop are taken over; text is left to the editor. */
export function attachmentHandlers(target: AttachmentTarget) {
  return {
    paste(event: ClipboardEvent, view: EditorView) {
      const files = filesOf(event.clipboardData);
      if (files.length === 0) return false;
      event.preventDefault();
      void addImages(target, files, view.state.selection.main.head);
      return true;
    },
    drop(event: DragEvent, view: EditorView) {
      const files = filesOf(event.dataTransfer);
      if (files.length === 0) return false;
      event.preventDefault();
      const pos = view.posAtCoords({ x: event.clientX, y: event.clientY }) ?? view.state.selection.main.head;
      void addImages(target, files, pos);
      return true;
    },
  };
}
