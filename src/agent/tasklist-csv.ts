// `tasklist /fo csv` output → image name by PID. Columns are read by position ("Image Name",
// "PID", …) because the header is translated on non-English Windows; `/nh` drops it.
import { AgentError } from './errors.js';

/** One CSV record's fields ("a","b ""c""",d → a, b "c", d); null when the quoting is broken. */
export function csvFields(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) return null;
        value += line.slice(i, quote);
        i = quote + 1;
        if (line[i] !== '"') break;
        value += '"';
        i++;
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      fields.push(line.slice(i, comma < 0 ? line.length : comma));
      i = comma < 0 ? line.length : comma;
    }
    if (i >= line.length) return fields;
    if (line[i] !== ',') return null;
    i++;
  }
}

export function parseTasklistCsv(text: string, file: string): Map<number, string> {
  const names = new Map<number, string>();
  let seenRecord = false;
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = csvFields(line.replace(/^\uFEFF/, '').trim());
    const [name, pid] = fields ?? [];
    const isHeader = !seenRecord && fields !== null && fields.length >= 2 && !/^\d+$/.test(pid);
    seenRecord = true;
    if (isHeader) return;
    if (name === undefined || pid === undefined || name === '' || !/^\d+$/.test(pid)) {
      throw AgentError.at(file, index + 1, `expected a line of "tasklist /fo csv" output ("Image Name","PID",…), got ${JSON.stringify(line.trim().slice(0, 80))}`);
    }
    names.set(Number(pid), name);
  });
  return names;
}
