// One error type for the agent stage: what could not be read or understood, in one line that
// names the file and line when there is one. The CLI prints `message` and exits 2. What the
// message quotes from the input is shown with control characters escaped (model/printable).
import { printable } from '../model/printable.js';

export class AgentError extends Error {
  override readonly name = 'AgentError';

  /** `file` and `line` (1-based) locate bad input: "ss.txt:12: expected …". */
  static at(file: string, line: number, problem: string): AgentError {
    return new AgentError(`${printable(file)}:${line}: ${printable(problem)}`);
  }
}
