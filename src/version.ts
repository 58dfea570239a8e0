/** smm's version; `--version`, `about { version }` and the User-Agent read it from here. */
export const SMM_VERSION = '0.1.0';
