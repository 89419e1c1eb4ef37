import convict from 'convict';
import { schema } from './schema.js';

function build() {
  return convict(schema);
}
/** The loaded configuration, typed from the schema. */
export type Config = ReturnType<ReturnType<typeof build>['getProperties']>;
