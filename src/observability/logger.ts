import winston from 'winston';

export type Logger = winston.Logger;

/**
 * JSON lines on stdout (one object per event, data in fields) or a readable form for people.
 * Child loggers carry {connector, table}.
 */
export function createLogger(opts: {
  level: string;
  format: 'json' | 'pretty';
  connector: string;
}): Logger {
  const format =
    opts.format === 'json'
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.combine(
          winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
          winston.format.printf(
            ({ timestamp, level, message, connector: _c, worker: _w, ...rest }) => {
              const fields = Object.entries(rest)
                .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
                .join(' ');
              return `${timestamp} ${level.padEnd(5)} ${message}${fields ? ` ${fields}` : ''}`;
            },
          ),
        );
  return winston.createLogger({
    level: opts.level,
    defaultMeta: { connector: opts.connector },
    format,
    transports: [new winston.transports.Console()],
  });
}
