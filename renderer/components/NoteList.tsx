// The note list lives in ./note-list/; App imports it from here.
export { NoteList } from './note-list/NoteList';
