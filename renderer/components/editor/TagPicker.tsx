// The note's tags as chips (× removes one) and a field that suggests
// existing tags as you type and offers to create a new one. Keyboard:
// ↑/↓ choose a suggestion, Enter adds it, Escape closes the list,
// Backspace in the empty field removes the last tag.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TagSummary } from '../../../shared/types';
import { client } from '../../client/index';
import { useTags } from '../../state/tags';
import { CloseIcon } from '../icons';
import { plainError } from './plain-error';

interface Props {
  tagIds: string[];
  /** No tags can be added yet (a new note the host has not made). */
  disabled?: boolean;
  onChange(tagIds: string[]): void;
  onError(message: string): void;
}

const MAX_SUGGESTIONS = 8;
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

type Option = { kind: 'tag'; tag: TagSummary } | { kind: 'create'; name: string };

export function TagPicker({ tagIds, disabled = false, onChange, onError }: Props) {
  const tags = useTags((s) => s.tags);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  // The note's tags as they are now: a tag being created is added to these when the
  // server answers, not to the ones of the moment it was chosen (another may have been added meanwhile).
  const current = useRef(tagIds);
  useEffect(() => {
    current.current = tagIds;
  }, [tagIds]);
  const byId = useMemo(() => new Map(tags.map((t) => [t.id, t])), [tags]);

  const query = text.trim();
  const options = useMemo<Option[]>(() => {
    if (!open) return [];
    const lower = query.toLocaleLowerCase();
    const matches = tags
      .filter((t) => !tagIds.includes(t.id) && t.name.toLocaleLowerCase().includes(lower))
      .sort((a, b) => Number(!a.name.toLocaleLowerCase().startsWith(lower)) - Number(!b.name.toLocaleLowerCase().startsWith(lower))
        || collator.compare(a.name, b.name))
      .slice(0, MAX_SUGGESTIONS)
      .map((tag): Option => ({ kind: 'tag', tag }));
    const exact = tags.some((t) => collator.compare(t.name, query) === 0);
    return query && !exact ? [...matches, { kind: 'create', name: query }] : matches;
  }, [open, query, tags, tagIds]);

  const choose = async (option: Option | undefined) => {
    if (!option) return;
    setText('');
    setActive(0);
    if (option.kind === 'tag') {
      onChange([...tagIds, option.tag.id]);
      return;
    }
    // Where it was chosen: it keeps that place among the tags added while it is created.
    const at = tagIds.length;
    try {
      const tag = await client.invoke('tags.create', { name: option.name });
      // Shown as a chip before the tag list reloads from the database's event.
      const store = useTags.getState();
      if (!store.tags.some((t) => t.id === tag._id)) {
        store.setTags([...store.tags, { id: tag._id, name: tag.name, color: tag.color, createdAt: tag.createdAt, updatedAt: tag.updatedAt }]);
      }
      const now = current.current;
      if (!now.includes(tag._id)) onChange([...now.slice(0, at), tag._id, ...now.slice(at)]);
    } catch (error) {
      onError(plainError(error));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (options.length) setActive((active + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void choose(options[active] ?? (query ? options.at(-1) : undefined));
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === 'Backspace' && text === '' && tagIds.length > 0) {
      onChange(tagIds.slice(0, -1));
    }
  };

  const showList = open && options.length > 0;
  return (
    <div className="tag-picker" data-testid="tag-picker">
      {tagIds.map((id) => {
        const tag = byId.get(id);
        if (!tag) return null;
        return (
          <span key={id} className="tag-chip tag-picker-chip" data-color={tag.color}>
            <span className="tag-picker-name">{tag.name}</span>
            <button
              type="button"
              className="tag-picker-remove"
              aria-label={`Remove tag ${tag.name}`}
              onClick={() => onChange(tagIds.filter((t) => t !== id))}
            >
              <CloseIcon width="10" height="10" />
            </button>
          </span>
        );
      })}
      <div className="tag-picker-field">
        <input
          className="tag-picker-input"
          placeholder={tagIds.length ? 'Add tag' : 'Add tags'}
          aria-label="Add a tag"
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList ? `${listId}-${active}` : undefined}
          value={text}
          disabled={disabled}
          maxLength={64}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          data-testid="tag-input"
        />
        {showList && (
          <ul className="tag-picker-list" id={listId} role="listbox" aria-label="Tags">
            {options.map((option, i) => (
              <li
                key={option.kind === 'tag' ? option.tag.id : 'create'}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className="tag-picker-option"
                // mousedown, not click: the field keeps its focus and the list stays open until chosen.
                onMouseDown={(event) => {
                  event.preventDefault();
                  void choose(option);
                }}
                onMouseEnter={() => setActive(i)}
              >
                {option.kind === 'tag'
                  ? <><span className="tag-dot" data-color={option.tag.color} />{option.tag.name}</>
                  : <>Create tag “{option.name}”</>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
