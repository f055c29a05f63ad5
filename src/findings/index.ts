export type { AttributeKey, Finding, FindingAttributes, IpVersion, RuleType } from './finding.js';
export { RULE_TYPES } from './finding.js';
export { buildFindings, compareFindings, mergePortRanges } from './build.js';
export { RECOGNIZED_SERVICES, recognizedService, recognizedPortsIn, type RecognizedService } from './recognized-ports.js';
export {
  SEVERITIES,
  atLeast,
  compareSeverity,
  lowerSeverity,
  numericSeverity,
  parseSeverity,
  severityFor,
  type Severity,
} from './severity.js';
export { ListenerMatcher, canonicalAddress } from './listener-match.js';
export { freshListenerData, type FreshListenerData, type MaxAge } from './listener-freshness.js';
