// The ASFF document imported into a local Security Hub API (moto) with the AWS SDK, 100 findings
// a call as BatchImportFindings allows, and read back with GetFindings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { startMoto, useFakeAwsEnvironment, type MotoServer } from '../collect/moto-server.js';
import { runCli } from '../cli/run-cli.js';
import { EXAMPLE } from './example-copy.js';

const BATCH_LIMIT = 100;

let moto: MotoServer;
before(async () => {
  useFakeAwsEnvironment();
  moto = await startMoto();
});
after(async () => {
  await moto.stop();
});

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

test('Security Hub\'s BatchImportFindings takes the bundled example\'s ASFF and GetFindings gives it back', async () => {
  const run = await runCli('assess', EXAMPLE, '--format', 'asff');
  assert.equal(run.code, 0, run.stderr);
  const findings = JSON.parse(run.stdout) as AwsSecurityFinding[];
  const client = new SecurityHubClient({ endpoint: moto.endpoint, region: 'us-east-1' });
  let imported = 0;
  for (const batch of batches(findings, BATCH_LIMIT)) {
    const answer = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
    assert.deepEqual([answer.FailedCount, answer.FailedFindings], [0, []]);
    imported += answer.SuccessCount ?? 0;
  }
  assert.equal(imported, 13);
  const stored = (await client.send(new GetFindingsCommand({ MaxResults: BATCH_LIMIT }))).Findings ?? [];
  assert.deepEqual(stored.map((f) => f.Id).sort(), findings.map((f) => f.Id).sort());
  const high = stored.find((f) => f.Severity?.Label === 'HIGH')!;
  const sent = findings.find((f) => f.Id === high.Id)!;
  assert.deepEqual(
    [high.Title, high.Network, high.NetworkPath, high.Resources, high.ProductFields, high.CreatedAt],
    [sent.Title, sent.Network, sent.NetworkPath, sent.Resources, sent.ProductFields, sent.CreatedAt],
    'every field survives the SDK\'s serialisation both ways',
  );
  client.destroy();
});
