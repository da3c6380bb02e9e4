// The database's folder name under `<userData>/db/`. A module of its own so
// that knowing where the database lives (main/app/paths.ts, read by the
// browser host before it listens) does not load PouchDB.
export const DEFAULT_DB_NAME = 'notes';
