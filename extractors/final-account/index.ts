import { FA01 } from './fa01.js';
import { FA02 } from './fa02.js';
import { FA03 } from './fa03.js';
import { FA04 } from './fa04.js';
import { FA05 } from './fa05.js';
import { FA06 } from './fa06.js';
import { FA07 } from './fa07.js';
import { FA08 } from './fa08.js';
import { FA09 } from './fa09.js';

/** The nine final-account tables in national order (公开01–09). */
export const FINAL_ACCOUNT_TEMPLATES = [FA01, FA02, FA03, FA04, FA05, FA06, FA07, FA08, FA09];
