// One error type for the agent stage: what could not be read or understood, in one line that
// names the file and line when there is one. The CLI prints `message` and exits 2.
export class AgentError extends Error {
  override readonly name = 'AgentError';

  /** `file` and `line` (1-based) locate bad input: "ss.txt:12: expected …". */
  static at(file: string, line: number, problem: string): AgentError {
    return new AgentError(`${file}:${line}: ${problem}`);
  }
}
