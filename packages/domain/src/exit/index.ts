// Exit (脱贫/出列/摘帽): standards as configuration, the tests as pure functions, reasons, procedures.
export * from './standards.js';
export * from './reasons.js';
export * from './criteria.js';
export * from './workflow.js';
export * from './settings.js';
export * from './views.js';
export * from './population.js';
