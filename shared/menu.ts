// The application menu as data. Electron turns it into a native menu; the
// browser host renders the same template as an in-window menu bar. Items
// either name a command (handled by the renderer's command dispatcher) or a
// native role (copy, paste, quit…) that only Electron can perform.

export const MENU_COMMANDS = [
  'note.new',
  'note.delete',
  'note.togglePin',
  'note.move',
  'note.addTag',
  'note.duplicate',
  'note.copyLink',
  'note.exportMarkdown',
  'note.history',
  'note.restore',
  'note.deleteForever',
  'note.next',
  'note.previous',
  'search.focus',
  'app.preferences',
  'file.import.markdownFolder',
  'file.export.allNotes',
  'help.salvage',
  'help.about',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

export type NativeRole =
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'quit' | 'close'
  | 'minimize' | 'zoom' | 'togglefullscreen' | 'toggleDevTools' | 'reload'
  | 'about' | 'hide' | 'hideOthers' | 'unhide' | 'front' | 'services';

export interface MenuItem {
  /** Stable id, used by tests and the in-window menu bar. */
  id: string;
  label?: string;
  command?: MenuCommand;
  role?: NativeRole;
  /** Electron accelerator syntax; `CmdOrCtrl` becomes Cmd on macOS and Ctrl elsewhere. */
  accelerator?: string;
  /** Extra accelerators handled in the renderer only (Electron menus take one each). */
  alternateAccelerators?: string[];
  separator?: boolean;
  submenu?: MenuItem[];
}

const sep = (id: string): MenuItem => ({ id, separator: true });

export function buildMenuTemplate(platform: string): MenuItem[] {
  const mac = platform === 'darwin';
  const preferences: MenuItem = {
    id: 'preferences',
    label: mac ? 'Settings…' : 'Preferences…',
    command: 'app.preferences',
    accelerator: 'CmdOrCtrl+,',
  };
  const file: MenuItem = {
    id: 'file',
    label: 'File',
    submenu: [
      { id: 'file.newNote', label: 'New Note', command: 'note.new', accelerator: 'CmdOrCtrl+N' },
      sep('file.sep1'),
      {
        id: 'file.import',
        label: 'Import',
        submenu: [{ id: 'file.import.markdown', label: 'Markdown Folder…', command: 'file.import.markdownFolder' }],
      },
      {
        id: 'file.export',
        label: 'Export',
        submenu: [{ id: 'file.export.allNotes', label: 'All Notes…', command: 'file.export.allNotes' }],
      },
      ...(mac ? [] : [sep('file.sep2'), preferences, sep('file.sep3'), { id: 'file.quit', label: 'Quit', role: 'quit' as const, accelerator: 'Ctrl+Q' }]),
    ],
  };
  const edit: MenuItem = {
    id: 'edit',
    label: 'Edit',
    submenu: [
      { id: 'edit.undo', label: 'Undo', role: 'undo', accelerator: 'CmdOrCtrl+Z' },
      { id: 'edit.redo', label: 'Redo', role: 'redo', accelerator: mac ? 'Shift+Cmd+Z' : 'Ctrl+Y' },
      sep('edit.sep1'),
      { id: 'edit.cut', label: 'Cut', role: 'cut', accelerator: 'CmdOrCtrl+X' },
      { id: 'edit.copy', label: 'Copy', role: 'copy', accelerator: 'CmdOrCtrl+C' },
      { id: 'edit.paste', label: 'Paste', role: 'paste', accelerator: 'CmdOrCtrl+V' },
      { id: 'edit.selectAll', label: 'Select All', role: 'selectAll', accelerator: 'CmdOrCtrl+A' },
      sep('edit.sep2'),
      {
        id: 'edit.find',
        label: 'Search Notes',
        command: 'search.focus',
        accelerator: 'CmdOrCtrl+F',
        alternateAccelerators: ['CmdOrCtrl+K'],
      },
    ],
  };
  const note: MenuItem = {
    id: 'note',
    label: 'Note',
    submenu: [
      { id: 'note.new', label: 'New Note', command: 'note.new' },
      // A native accelerator fires before the page sees the key, even while
      // typing, so none of these may be a text-editing chord: Cmd/Ctrl+Backspace
      // deletes a word or line in every editor, and Cmd+Up/Down moves to the
      // start or end of the text on macOS.
      { id: 'note.duplicate', label: 'Duplicate', command: 'note.duplicate', accelerator: 'CmdOrCtrl+Shift+D' },
      sep('note.sep0'),
      { id: 'note.togglePin', label: 'Pin / Unpin', command: 'note.togglePin', accelerator: 'CmdOrCtrl+Shift+J' },
      { id: 'note.move', label: 'Move to…', command: 'note.move', accelerator: 'CmdOrCtrl+Shift+M' },
      { id: 'note.addTag', label: 'Add Tag…', command: 'note.addTag', accelerator: 'CmdOrCtrl+Shift+A' },
      sep('note.sep2'),
      { id: 'note.copyLink', label: 'Copy Note Link', command: 'note.copyLink', accelerator: 'CmdOrCtrl+Shift+L' },
      { id: 'note.exportMarkdown', label: 'Export as Markdown…', command: 'note.exportMarkdown' },
      sep('note.sep4'),
      { id: 'note.history', label: 'History…', command: 'note.history', accelerator: 'CmdOrCtrl+Shift+H' },
      sep('note.sep3'),
      { id: 'note.delete', label: 'Move to Trash', command: 'note.delete', accelerator: 'CmdOrCtrl+Shift+Backspace' },
      { id: 'note.restore', label: 'Restore from Trash', command: 'note.restore' },
      { id: 'note.deleteForever', label: 'Delete Forever…', command: 'note.deleteForever' },
      sep('note.sep1'),
      { id: 'note.next', label: 'Next Note', command: 'note.next', accelerator: mac ? 'Cmd+Alt+Down' : 'Ctrl+Down' },
      { id: 'note.previous', label: 'Previous Note', command: 'note.previous', accelerator: mac ? 'Cmd+Alt+Up' : 'Ctrl+Up' },
    ],
  };
  const view: MenuItem = {
    id: 'view',
    label: 'View',
    submenu: [
      { id: 'view.reload', label: 'Reload', role: 'reload' },
      { id: 'view.devtools', label: 'Toggle Developer Tools', role: 'toggleDevTools' },
      sep('view.sep1'),
      { id: 'view.fullscreen', label: 'Toggle Full Screen', role: 'togglefullscreen' },
    ],
  };
  const help: MenuItem = {
    id: 'help',
    label: 'Help',
    submenu: [
      { id: 'help.salvage', label: 'Salvage Data from Local Database…', command: 'help.salvage' },
      ...(mac ? [] : [{ id: 'help.about', label: 'About Quire', command: 'help.about' as const }]),
    ],
  };
  const appMenu: MenuItem = {
    id: 'app',
    label: 'Quire',
    submenu: [
      { id: 'app.about', label: 'About Quire', role: 'about' },
      sep('app.sep1'),
      preferences,
      sep('app.sep2'),
      { id: 'app.hide', role: 'hide' },
      { id: 'app.hideOthers', role: 'hideOthers' },
      { id: 'app.unhide', role: 'unhide' },
      sep('app.sep3'),
      { id: 'app.quit', role: 'quit' },
    ],
  };
  return mac ? [appMenu, file, edit, note, view, help] : [file, edit, note, view, help];
}

/** Every item with an id, depth first: for lookups by id and accelerator. */
export function flattenMenu(items: MenuItem[]): MenuItem[] {
  return items.flatMap((item) => [item, ...(item.submenu ? flattenMenu(item.submenu) : [])]);
}
