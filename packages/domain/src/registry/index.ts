// The 建档立卡 registry rules: enumerations, ID numbers, data-quality checks, income, poverty line.
export * from './dates.js';
export * from './enums.js';
export * from './idNumber.js';
export * from './inputs.js';
export * from './issues.js';
export * from './checks.js';
export * from './income.js';
export * from './povertyLine.js';
export * from './adjustment.js';
export * from './views.js';
