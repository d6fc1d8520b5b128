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
import { BU15 } from './bu15.js';
import { BU16 } from './bu16.js';
import { BU17 } from './bu17.js';
import { BU18 } from './bu18.js';
import { BU19 } from './bu19.js';
import { BU20 } from './bu20.js';
import { BU21 } from './bu21.js';

/**
 * Budget templates BU01–BU14 in this project's order, then the further tables of the national set
 * and its common variants (BU15 一般公共预算支出 by economic class, BU16 一般公共预算项目支出 by economic
 * class, BU17 基本支出预算表 by source of funds, BU18 机关运行经费, BU19 财政拨款支出 (功能科目), BU20
 * 财政拨款基本支出 (经济科目), BU21 一般公共预算基本支出 by functional class). Regions number their budget tables
 * differently ("公开表 N" in 江汉 follows its own order), so no labelNumbers: tables are recognised
 * by title (longest keyword wins) and header.
 */
export const BUDGET_TEMPLATES: TemplateSpec[] = [BU01, BU02, BU03, BU04, BU05, BU06, BU07, BU08, BU09, BU10, BU11, BU12, BU13, BU14, BU15, BU16, BU17, BU18, BU19, BU20, BU21];
