/** The demo's terminal output: colors (only on a terminal, and never with NO_COLOR) and prefixes. */

export type Paint = (text: string) => string;

export interface Palette {
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  blue: Paint;
  magenta: Paint;
  cyan: Paint;
}

export function palette(enabled: boolean): Palette {
  const paint =
    (code: string): Paint =>
    (text) =>
      enabled ? `\x1b[${code}m${text}\x1b[0m` : text;
  return {
    bold: paint('1'),
    dim: paint('2'),
    red: paint('31'),
    green: paint('32'),
    yellow: paint('33'),
    blue: paint('34'),
    magenta: paint('35'),
    cyan: paint('36'),
  };
}

export const colors = palette(process.stdout.isTTY === true && !('NO_COLOR' in process.env));

/** A step of the narration. */
export const say = (text: string) => console.log(`\n${colors.bold(`▶ ${text}`)}`);
/** A detail of the current step. */
export const info = (text: string) => console.log(`  ${text}`);
/** Output of a child process or helper, e.g. `[connector]`. */
export const tag = (name: string) => colors.magenta(`[${name}]`);
