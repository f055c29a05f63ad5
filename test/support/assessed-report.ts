// The report `assess` makes of a snapshot folder, built from the library's parts (load, engine,
// findings, assessment) for tests that check what is done with a whole report.
import { loadSnapshot } from '../../src/snapshot/index.js';
import { assessNetwork, type EngineOptions } from '../../src/engine/index.js';
import { buildFindings } from '../../src/findings/index.js';
import { buildAssessment, type AssessmentReport } from '../../src/report/assessment.js';

/** Every finding (no --min-severity), the snapshot named `snapshotName` in the assessment. */
export async function assessedReport(dir: string, options: EngineOptions, snapshotName: string = dir): Promise<AssessmentReport> {
  const snapshot = await loadSnapshot(dir, { lenient: false });
  const engine = assessNetwork(snapshot.network, options);
  const findings = buildFindings(engine, snapshot.listeners);
  const assessment = buildAssessment({
    snapshot: snapshotName,
    network: snapshot.network,
    fileCount: snapshot.files,
    engine,
    findings,
    options: { ephemeralPorts: options.ephemeralPorts, onpremCidrs: options.onpremCidrs, minSeverity: 'Informational' },
    warnings: snapshot.warnings,
  });
  return { assessment, findings };
}
