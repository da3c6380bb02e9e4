// Document ids: `<type>:<random>`. Random rather than sequential so that two
// installations writing to one backup folder never pick the same id.
import type { DocType } from './schema';

export function newId(type: DocType): string {
  return `${type}:${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
}
