// The main process hands the contract's request and event names to the
// preload as command-line arguments of the renderer (webPreferences.
// additionalArguments). The preload needs the names to refuse anything
// outside the contract, but importing the contract itself would bundle zod
// into a script every window parses.
const REQUESTS_FLAG = '--quire-requests=';
const EVENTS_FLAG = '--quire-events=';

export interface ContractNames {
  requests: ReadonlySet<string>;
  events: ReadonlySet<string>;
}

export function contractArguments(requests: readonly string[], events: readonly string[]): string[] {
  return [`${REQUESTS_FLAG}${requests.join(',')}`, `${EVENTS_FLAG}${events.join(',')}`];
}

/** Missing flags give empty sets: the bridge then refuses every name (fails closed). */
export function readContractArguments(argv: readonly string[]): ContractNames {
  const list = (flag: string) => {
    const arg = argv.find((a) => a.startsWith(flag));
    return new Set(arg ? arg.slice(flag.length).split(',').filter(Boolean) : []);
  };
  return { requests: list(REQUESTS_FLAG), events: list(EVENTS_FLAG) };
}
