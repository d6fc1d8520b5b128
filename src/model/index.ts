export * from './geometry.js';
export * from './document.js';
export * from './layout.js';
export * from './canonical.js';
