// Types for the part of PouchDB that Quire uses. We do not use
// @types/pouchdb-core: it declares a global `interface Buffer` that merges
// into Node's own and breaks every Buffer/Uint8Array call under TS 5.9.
declare module 'pouchdb-node' {
  namespace PouchDB {
    type Doc = { _id: string; _rev?: string; _deleted?: boolean; [key: string]: unknown };

    interface PouchError extends Error {
      status?: number;
      name: string;
      error?: string | boolean;
      reason?: string;
    }

    interface Response {
      ok: boolean;
      id: string;
      rev: string;
    }

    interface BulkError {
      error: string | boolean;
      id?: string;
      rev?: string;
      status?: number;
      name?: string;
      message?: string;
      reason?: string;
    }

    interface AllDocsOptions {
      include_docs?: boolean;
      conflicts?: boolean;
      attachments?: boolean;
      binary?: boolean;
      startkey?: string;
      endkey?: string;
      inclusive_end?: boolean;
      limit?: number;
      skip?: number;
      descending?: boolean;
      key?: string;
      keys?: string[];
    }

    interface AllDocsRow<T> {
      id: string;
      key: string;
      value: { rev: string; deleted?: boolean };
      doc?: T & { _id: string; _rev: string };
      error?: string;
    }

    interface AllDocsResponse<T> {
      offset: number;
      total_rows: number;
      update_seq?: number | string;
      rows: AllDocsRow<T>[];
    }

    interface GetOptions {
      rev?: string;
      revs?: boolean;
      revs_info?: boolean;
      conflicts?: boolean;
      attachments?: boolean;
      binary?: boolean;
      latest?: boolean;
    }

    interface ChangesOptions {
      since?: number | string | 'now';
      live?: boolean;
      include_docs?: boolean;
      conflicts?: boolean;
      attachments?: boolean;
      binary?: boolean;
      limit?: number;
      batch_size?: number;
      style?: 'main_only' | 'all_docs';
      descending?: boolean;
      return_docs?: boolean;
      doc_ids?: string[];
      timeout?: number | false;
      heartbeat?: number | false;
    }

    interface ChangesResponseChange<T> {
      id: string;
      seq: number | string;
      changes: { rev: string }[];
      deleted?: boolean;
      doc?: T & { _id: string; _rev: string };
    }

    interface ChangesResponse<T> {
      results: ChangesResponseChange<T>[];
      last_seq: number | string;
      status?: string;
    }

    interface Changes<T> extends Promise<ChangesResponse<T>> {
      on(event: 'change', listener: (change: ChangesResponseChange<T>) => void): this;
      on(event: 'complete', listener: (info: ChangesResponse<T>) => void): this;
      on(event: 'error', listener: (error: unknown) => void): this;
      removeAllListeners(event?: string): this;
      cancel(): void;
    }

    interface DatabaseInfo {
      db_name: string;
      doc_count: number;
      update_seq: number | string;
      adapter?: string;
    }

    interface BulkDocsOptions {
      new_edits?: boolean;
    }

    interface BulkGetOptions {
      docs: { id: string; rev?: string }[];
      revs?: boolean;
      attachments?: boolean;
      binary?: boolean;
    }

    interface BulkGetResponse<T> {
      results: {
        id: string;
        docs: ({ ok: T & { _id: string; _rev: string } } | { error: BulkError })[];
      }[];
    }

    interface ReplicationOptions {
      live?: boolean;
      retry?: boolean;
      batch_size?: number;
      batches_limit?: number;
      /** The wait before the next attempt, given the last one (0 the first time). */
      back_off_function?: (delay: number) => number;
    }

    /** A replication's progress, as its 'change' and 'complete' events report it. */
    interface ReplicationInfo {
      docs_read?: number;
      docs_written?: number;
      doc_write_failures?: number;
      pending?: number;
      last_seq?: number | string;
      status?: string;
      docs?: Doc[];
    }

    /** What db.replicate.to/from and PouchDB.replicate return: an event emitter and a promise of the result. */
    interface Replication extends Promise<ReplicationInfo> {
      on(event: 'change', listener: (info: ReplicationInfo) => void): this;
      on(event: 'complete', listener: (info: ReplicationInfo) => void): this;
      on(event: 'paused', listener: (error?: unknown) => void): this;
      on(event: 'active', listener: () => void): this;
      on(event: 'error' | 'denied', listener: (error: unknown) => void): this;
      cancel(): void;
    }

    /** What db.sync returns: both directions, reported together. */
    interface Sync extends Promise<{ push?: ReplicationInfo; pull?: ReplicationInfo }> {
      on(event: 'change', listener: (info: { direction: 'push' | 'pull'; change: ReplicationInfo }) => void): this;
      on(event: 'complete', listener: (info: { push?: ReplicationInfo; pull?: ReplicationInfo }) => void): this;
      on(event: 'paused', listener: (error?: unknown) => void): this;
      on(event: 'active', listener: () => void): this;
      on(event: 'error' | 'denied', listener: (error: unknown) => void): this;
      cancel(): void;
    }

    interface Database<T extends object = Doc> {
      readonly name: string;
      sync(remote: Database<T> | string, options?: ReplicationOptions): Sync;
      readonly replicate: {
        from(source: Database<T> | string, options?: ReplicationOptions): Replication;
        to(target: Database<T> | string, options?: ReplicationOptions): Replication;
      };
      info(): Promise<DatabaseInfo>;
      get(id: string, options?: GetOptions): Promise<T & Doc & { _rev: string }>;
      get(id: string, options: GetOptions & { open_revs: 'all' | string[] }): Promise<({ ok: T & Doc } | { missing: string })[]>;
      put(doc: T & { _id: string; _rev?: string }, options?: { force?: boolean }): Promise<Response>;
      remove(doc: { _id: string; _rev: string }): Promise<Response>;
      remove(id: string, rev: string): Promise<Response>;
      bulkDocs(docs: (T | Doc)[], options?: BulkDocsOptions): Promise<(Response | BulkError)[]>;
      bulkGet(options: BulkGetOptions): Promise<BulkGetResponse<T>>;
      allDocs(options?: AllDocsOptions): Promise<AllDocsResponse<T>>;
      changes(options?: ChangesOptions): Changes<T>;
      revsDiff(diff: Record<string, string[]>): Promise<Record<string, { missing: string[]; possible_ancestors?: string[] }>>;
      getAttachment(docId: string, attachmentId: string, options?: { rev?: string }): Promise<Buffer>;
      putAttachment(docId: string, attachmentId: string, rev: string, data: Buffer, type: string): Promise<Response>;
      compact(): Promise<unknown>;
      close(): Promise<void>;
      destroy(): Promise<void>;
    }
  }

  interface PouchDBStatic {
    new <T extends object = PouchDB.Doc>(name: string, options?: {
      adapter?: string; revs_limit?: number; auto_compaction?: boolean; createIfMissing?: boolean;
      /** leveldb adapter: the LevelDB binding to open the store with. */
      db?: (location: string) => unknown;
      /** http adapter: do not create the database; send these credentials; fetch with this. */
      skip_setup?: boolean;
      auth?: { username: string; password: string };
      fetch?: (url: string, options?: Record<string, unknown>) => Promise<unknown>;
    }): PouchDB.Database<T>;
    replicate<T extends object>(source: PouchDB.Database<T> | string, target: PouchDB.Database<T> | string, options?: PouchDB.ReplicationOptions): PouchDB.Replication;
    /** node-fetch with PouchDB's cookie jar: what the http adapter fetches with. */
    fetch(url: string, options?: Record<string, unknown>): Promise<unknown>;
  }

  const PouchDB: PouchDBStatic;
  export default PouchDB;
  export type { PouchDB };
}
