// A bulk action over more notes than one request may carry: "select all"
// and Delete at 200,000 notes sent 192,000 ids in one request, which the
// contract refuses (MAX_IDS_PER_REQUEST), and the user saw a validation
// message. Sent as several requests, one after the other; their counts add up.
import type { RequestArgs, RequestName, RequestResult } from '../../shared/contract/index';
import { MAX_IDS_PER_REQUEST } from '../../shared/doc-limits';
import { client } from './index';

export async function inChunks(ids: string[], send: (chunk: string[]) => Promise<number>, size = MAX_IDS_PER_REQUEST): Promise<number> {
  let done = 0;
  for (let start = 0; start < ids.length; start += size) done += await send(ids.slice(start, start + size));
  return done;
}

/** The requests that act on a list of note ids and answer how many they changed. */
type BulkRequest = {
  [K in RequestName]: RequestArgs<K> extends { ids: string[] } ? (RequestResult<K> extends number ? K : never) : never;
}[RequestName];

/** `name` over every one of `ids`, in as many requests as the limit needs; the notes changed, added up. */
export function invokeForIds<K extends BulkRequest>(name: K, ids: string[], rest: Omit<RequestArgs<K>, 'ids'>): Promise<number> {
  return inChunks(ids, (chunk) => client.invoke(name, { ...rest, ids: chunk } as RequestArgs<K>) as Promise<number>);
}
