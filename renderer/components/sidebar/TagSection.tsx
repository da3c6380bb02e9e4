// The tags, A–Z, each with its color dot: a "+" to add one, and a context
// menu to rename it, pick one of the 14 colors, or delete it. Notes dropped
// on a tag get that tag.
import { useTags } from '../../state/tags';
import type { TagSummary } from '../../../shared/types';
import type { Counts } from '../../state/library';
import {
  TAG_COLORS, TAG_COLOR_LABELS, createTag, deleteTag, dropNotes, recolorTag, renameTag, renameTagTo,
} from '../../sidebar-actions';
import { openContextMenu, type ContextMenuItem } from './ContextMenu';
import type { EntryBinding } from './entry-binding';
import { SectionHeading } from './SectionHeading';
import { SidebarEntry } from './SidebarEntry';
import { PlusIcon, TrashIcon } from './sidebar-icons';

function tagMenu(tag: TagSummary): ContextMenuItem[] {
  return [
    { id: 'rename', label: 'Rename…', onSelect: () => void renameTag(tag) },
    {
      id: 'color',
      label: 'Color',
      icon: <span className="tag-dot" data-color={tag.color} />,
      submenu: TAG_COLORS.map((color) => ({
        id: `color-${color}`,
        label: TAG_COLOR_LABELS[color],
        icon: <span className="tag-dot" data-color={color} />,
        checked: tag.color === color,
        onSelect: () => void recolorTag(tag, color),
      })),
    },
    { id: 'delete', label: 'Delete…', danger: true, separatorBefore: true, icon: <TrashIcon width="14" height="14" />, onSelect: () => void deleteTag(tag) },
  ];
}

export function TagSection({ tags, counts, bind }: { tags: TagSummary[]; counts: Counts; bind: EntryBinding }) {
  const loaded = useTags((s) => s.loaded);
  return (
    <section className="sb-section" aria-labelledby="sb-tags">
      <SectionHeading
        id="sb-tags"
        title="Tags"
        addLabel="New tag"
        testId="sidebar-tags-heading"
        onAdd={() => void createTag()}
        onMenu={(anchor, at) => openContextMenu(anchor, 'Tags', [
          { id: 'new', label: 'New Tag…', icon: <PlusIcon width="14" height="14" />, onSelect: () => void createTag() },
        ], at)}
      />
      {tags.length === 0 ? (
        <p className="sb-empty">{loaded ? 'No tags yet.' : ''}</p>
      ) : (
        <ul className="sb-list">
          {tags.map((tag) => (
            <SidebarEntry
              key={tag.id}
              {...bind(tag.id)}
              kind="tag"
              filter={{ kind: 'tag', id: tag.id }}
              label={tag.name}
              count={counts.byTag.get(tag.id) ?? 0}
              icon={<span className="tag-dot" data-color={tag.color} data-testid="tag-color" />}
              testId={`sidebar-${tag.id}`}
              menu={() => tagMenu(tag)}
              rename={(name) => renameTagTo(tag, name)}
              onDelete={() => void deleteTag(tag)}
              drop={{ onNotes: (ids) => void dropNotes({ kind: 'tag', id: tag.id }, ids) }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
