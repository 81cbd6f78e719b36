export * from './settings.js';
export * from './rules.js';
export * from './views.js';
