export * from './figures.js';
export * from './views.js';
