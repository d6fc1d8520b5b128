/** The desk's default limits, apart from the server so that `budget-tables --help` need not load it. */
export const DEFAULT_MAX_UPLOAD_MB = 200;
export const DEFAULT_MAX_FILES = 2000;
