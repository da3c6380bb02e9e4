// Questions the app asks the user in a modal and waits for: confirm, a line
// of text, a choice from a list. Promise-based, so an action reads top to
// bottom: `if (!(await ask.confirm(...))) return;`.
import { create } from 'zustand';

export interface ConfirmQuestion {
  kind: 'confirm';
  title: string;
  message: string;
  confirmLabel: string;
  /** The other button's label ("Cancel" unless given). */
  cancelLabel?: string;
  danger?: boolean;
}

export interface TextQuestion {
  kind: 'text';
  title: string;
  label: string;
  initial?: string;
  confirmLabel: string;
  /** Returns a message saying what is wrong, or null when the text is fine. */
  validate?: (text: string) => string | null;
  /** Offered as the text is typed (any other text is still accepted). */
  suggestions?: string[];
  /** A line under the field. */
  help?: string;
}

export interface ChoiceQuestion {
  kind: 'choice';
  title: string;
  label: string;
  options: { id: string; label: string; depth?: number }[];
  confirmLabel: string;
}

export type Question = ConfirmQuestion | TextQuestion | ChoiceQuestion;
type Answer<Q extends Question> = Q extends ConfirmQuestion ? boolean : string | null;

interface Pending {
  question: Question;
  resolve(answer: boolean | string | null): void;
}

interface AskState {
  pending: Pending | null;
  answer(value: boolean | string | null): void;
}

export const useAsk = create<AskState>()((set, get) => ({
  pending: null,
  answer: (value) => {
    const pending = get().pending;
    set({ pending: null });
    pending?.resolve(value);
  },
}));

function askQuestion<Q extends Question>(question: Q): Promise<Answer<Q>> {
  // One question at a time: a new one cancels an unanswered one.
  const previous = useAsk.getState().pending;
  if (previous) previous.resolve(previous.question.kind === 'confirm' ? false : null);
  return new Promise((resolve) => {
    useAsk.setState({ pending: { question, resolve: resolve as (answer: boolean | string | null) => void } });
  });
}

export const ask = {
  confirm: (q: Omit<ConfirmQuestion, 'kind'>) => askQuestion({ kind: 'confirm', ...q }),
  text: (q: Omit<TextQuestion, 'kind'>) => askQuestion({ kind: 'text', ...q }),
  choice: (q: Omit<ChoiceQuestion, 'kind'>) => askQuestion({ kind: 'choice', ...q }),
};
