import type { schema } from './schema.js';

/** A schema node's loaded value: a leaf's is the type of its default, a section's an object. */
type Loaded<Node> = Node extends { doc: string; default: infer Value }
  ? Value
  : { [Key in keyof Node]: Loaded<Node[Key]> };

/** The loaded configuration, typed from the schema. */
export type Config = Loaded<typeof schema>;
