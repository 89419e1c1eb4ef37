import { writeFileSync } from 'node:fs';
import { configReference } from '../src/config/reference.js';

writeFileSync(new URL('../docs/CONFIG.md', import.meta.url), configReference());
console.log('wrote docs/CONFIG.md');
