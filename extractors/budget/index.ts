import type { TemplateSpec } from '../types.js';
import { BU01 } from './bu01.js';
import { BU02 } from './bu02.js';
import { BU03 } from './bu03.js';
import { BU04 } from './bu04.js';
import { BU05 } from './bu05.js';
import { BU06 } from './bu06.js';
import { BU07 } from './bu07.js';
import { BU08 } from './bu08.js';
import { BU09 } from './bu09.js';
import { BU10 } from './bu10.js';
import { BU11 } from './bu11.js';
import { BU12 } from './bu12.js';
import { BU13 } from './bu13.js';
import { BU14 } from './bu14.js';

/**
 * Budget templates BU01–BU14 in this project's order. Regions number their budget tables
 * differently ("公开表 N" in 江汉 follows its own order), so no labelNumbers: tables are recognised
 * by title (longest keyword wins) and header.
 */
export const BUDGET_TEMPLATES: TemplateSpec[] = [BU01, BU02, BU03, BU04, BU05, BU06, BU07, BU08, BU09, BU10, BU11, BU12, BU13, BU14];
