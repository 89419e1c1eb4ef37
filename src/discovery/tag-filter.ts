/** One tagged table as the Resource Groups Tagging API lists it. */
export interface TaggedResource {
  arn: string;
  tags: Record<string, string>;
}

export interface TagRules {
  ingestionTagKey: string;
  envTagKey: string;
  envTagValue: string;
}

/** The table name from a table ARN (arn:aws:dynamodb:<region>:<account>:table/<name>). */
export function tableNameOf(arn: string): string | undefined {
  const m = /:table\/([^/]+)$/.exec(arn);
  return m?.[1];
}

/**
 * Whether a tagged table is wanted (DESIGN §1): the ingestion tag key with any value, and the
 * environment tag with the configured value. The reason is logged, so a user sees why a table
 * they tagged is not copied.
 */
export function tagVerdict(
  tags: Record<string, string>,
  rules: TagRules,
): { wanted: true } | { wanted: false; reason: string } {
  if (!(rules.ingestionTagKey in tags))
    return { wanted: false, reason: `no '${rules.ingestionTagKey}' tag` };
  const env = tags[rules.envTagKey];
  if (env === undefined)
    return { wanted: false, reason: `no '${rules.envTagKey}' tag (needs '${rules.envTagValue}')` };
  if (env !== rules.envTagValue) {
    return {
      wanted: false,
      reason: `'${rules.envTagKey}' tag is '${env}', not '${rules.envTagValue}'`,
    };
  }
  return { wanted: true };
}
