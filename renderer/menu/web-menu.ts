// The menu template as the browser host's in-window menu bar shows it. A web
// page cannot quit an app or hide windows, so those roles are left out; the
// edit roles stay visible but disabled, because their shortcuts still work
// natively in the page; reload and full screen the page can do itself.
import type { MenuCommand, MenuItem, NativeRole } from '../../shared/menu';

export type PageRole = 'reload' | 'togglefullscreen';

export interface WebMenuItem {
  id: string;
  label: string;
  command?: MenuCommand;
  pageRole?: PageRole;
  accelerator?: string;
  disabled?: boolean;
  separator?: boolean;
  submenu?: WebMenuItem[];
}

const PAGE_ROLES = new Set<NativeRole>(['reload', 'togglefullscreen']);
const SHOWN_DISABLED = new Set<NativeRole>(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);

function convert(item: MenuItem): WebMenuItem | null {
  if (item.separator) return { id: item.id, label: '', separator: true };
  const base = { id: item.id, label: item.label ?? item.id, ...(item.accelerator ? { accelerator: item.accelerator } : {}) };
  if (item.submenu) {
    const submenu = webMenu(item.submenu);
    return submenu.length ? { ...base, submenu } : null;
  }
  if (item.command) return { ...base, command: item.command };
  if (item.role && PAGE_ROLES.has(item.role)) return { ...base, pageRole: item.role as PageRole };
  if (item.role && SHOWN_DISABLED.has(item.role)) return { ...base, disabled: true };
  return null;
}

/** Converts a template, dropping what the page cannot do and separators left dangling by that. */
export function webMenu(template: readonly MenuItem[]): WebMenuItem[] {
  const out: WebMenuItem[] = [];
  for (const item of template.map(convert)) {
    if (!item || (item.separator && (out.length === 0 || out[out.length - 1]!.separator))) continue;
    out.push(item);
  }
  while (out[out.length - 1]?.separator) out.pop();
  return out;
}
