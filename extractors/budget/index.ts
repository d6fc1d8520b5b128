import type { TemplateSpec } from '../types.js';

/** Budget templates BU01–BU14 (filled in by the budget-template work). */
export const BUDGET_TEMPLATES: TemplateSpec[] = [];
