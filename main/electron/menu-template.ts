// Turns the shared menu template (data) into Electron's menu template.
// Command items call back with their command; native roles stay roles.
// Types only from electron, so a Node test checks the conversion.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, MenuItem } from '../../shared/menu';

export function toElectronMenuTemplate(
  items: readonly MenuItem[],
  onCommand: (command: MenuCommand) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.separator) return { id: item.id, type: 'separator' };
    const options: MenuItemConstructorOptions = { id: item.id };
    if (item.label !== undefined) options.label = item.label;
    if (item.accelerator !== undefined) options.accelerator = item.accelerator;
    if (item.role !== undefined) options.role = item.role;
    if (item.submenu) options.submenu = toElectronMenuTemplate(item.submenu, onCommand);
    const { command } = item;
    if (command) options.click = () => onCommand(command);
    return options;
  });
}
