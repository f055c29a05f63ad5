// A worker thread that runs netreach's main() from the TypeScript sources: the fuzz runner
// sends argv lists and can terminate this thread when a run hangs.
import { register } from 'tsx/esm/api';

register();
await import('./cli-worker-main.ts');
