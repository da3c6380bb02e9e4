// A bulk action over more notes than one request may carry: "select all"
// and Delete at 200,000 notes sent 192,000 ids in one request, which the
// contract refuses (MAX_IDS_PER_REQUEST), and the user saw a validation
// message. Sent as several requests, one after the other; their counts add up.
import { MAX_IDS_PER_REQUEST } from '../../shared/doc-limits';

export async function inChunks(ids: string[], send: (chunk: string[]) => Promise<number>, size = MAX_IDS_PER_REQUEST): Promise<number> {
  let done = 0;
  for (let start = 0; start < ids.length; start += size) done += await send(ids.slice(start, start + size));
  return done;
}
