// Keyboard shortcuts from the menu template, for the browser host (in
// Electron the native menu owns them and sends 'menu.command').
import { useEffect, useMemo } from 'react';
import type { MenuItem } from '../../shared/menu';
import { findShortcut, menuShortcuts } from './accelerators';
import { runCommand } from '../commands';

export function useMenuShortcuts(template: MenuItem[], platform: string, enabled: boolean) {
  const shortcuts = useMemo(() => menuShortcuts(template, platform), [template, platform]);
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const command = findShortcut(shortcuts, event);
      if (!command) return;
      event.preventDefault();
      void runCommand(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [shortcuts, enabled]);
}
