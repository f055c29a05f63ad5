export { buildAssessment, mergeCoverage, type AssessedInstance, type Assessment, type AssessmentInput, type AssessmentOptions, type AssessmentReport } from './assessment.js';
export { renderJson } from './json.js';
export { renderTable, TABLE_WIDTH } from './table.js';
export { renderHtml } from './html/render.js';
