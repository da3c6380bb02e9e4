// Renders the question from state/ask.ts, if any.
import { useId, useState } from 'react';
import { useAsk, type ChoiceQuestion, type TextQuestion } from '../state/ask';
import { Dialog } from './Dialog';

function TextForm({ question, answer }: { question: TextQuestion; answer(value: string | null): void }) {
  const [text, setText] = useState(question.initial ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const listId = useId();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const issue = question.validate?.(text) ?? null;
        if (issue) setProblem(issue);
        else answer(text);
      }}
    >
      <label className="field-label">
        {question.label}
        <input
          className="text-input"
          value={text}
          autoFocus
          data-autofocus
          data-testid="ask-text-input"
          aria-invalid={problem ? true : undefined}
          list={question.suggestions ? listId : undefined}
          autoComplete="off"
          onChange={(event) => {
            setText(event.target.value);
            setProblem(null);
          }}
        />
      </label>
      {question.suggestions && (
        <datalist id={listId} data-testid="ask-suggestions">
          {question.suggestions.map((s) => <option key={s} value={s} />)}
        </datalist>
      )}
      {question.help && !problem && <p className="field-help" data-testid="ask-help">{question.help}</p>}
      {problem && <p className="field-error" role="alert" data-testid="ask-error">{problem}</p>}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => answer(null)}>Cancel</button>
        <button type="submit" className="button primary" data-testid="ask-ok">{question.confirmLabel}</button>
      </div>
    </form>
  );
}

function ChoiceForm({ question, answer }: { question: ChoiceQuestion; answer(value: string | null): void }) {
  const [chosen, setChosen] = useState(question.options[0]?.id ?? '');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen) answer(chosen);
      }}
    >
      <label className="field-label">
        {question.label}
        <select className="text-input" value={chosen} autoFocus data-autofocus data-testid="ask-choice"
          onChange={(event) => setChosen(event.target.value)}>
          {question.options.map((o) => (
            <option key={o.id} value={o.id}>{'\u2003'.repeat(o.depth ?? 0)}{o.label}</option>
          ))}
        </select>
      </label>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => answer(null)}>Cancel</button>
        <button type="submit" className="button primary" data-testid="ask-ok" disabled={!chosen}>{question.confirmLabel}</button>
      </div>
    </form>
  );
}

export function AskDialog() {
  const pending = useAsk((s) => s.pending);
  const answer = useAsk((s) => s.answer);
  if (!pending) return null;
  const { question } = pending;
  const cancel = () => answer(question.kind === 'confirm' ? false : null);
  return (
    <Dialog key={`${question.kind}:${question.title}`} title={question.title} onClose={cancel} closeOnBackdrop={false} testId="ask-dialog">
      {question.kind === 'confirm' && (
        <>
          <p className="dialog-message">{question.message}</p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={cancel} data-testid="ask-cancel">{question.cancelLabel ?? 'Cancel'}</button>
            <button type="button" className={`button ${question.danger ? 'danger' : 'primary'}`} data-autofocus data-testid="ask-ok"
              onClick={() => answer(true)}>{question.confirmLabel}</button>
          </div>
        </>
      )}
      {question.kind === 'text' && <TextForm question={question} answer={answer} />}
      {question.kind === 'choice' && <ChoiceForm question={question} answer={answer} />}
    </Dialog>
  );
}
