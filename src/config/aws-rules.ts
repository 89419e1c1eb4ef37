import type { Config } from './config-type.js';

export type AwsConfig = Config['aws'];

/** STS's own limits on DurationSeconds (the role's MaxSessionDuration may be lower). */
export const ROLE_DURATION_S = { min: 900, max: 43_200 };

// Partitions (aws, aws-cn, aws-us-gov, …), a 12-digit account, and a role name with its path.
const ROLE_ARN = /^arn:aws[-a-z]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
// STS's RoleSessionName constraint.
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const set = (v: unknown) => v !== null && v !== undefined;

/**
 * Rules across keys of the aws section, one line per problem as loadConfig reports them. Values
 * are never echoed (some are secrets); a key that would be ignored is an error, as in
 * kafka-rules.ts: whoever set it believes it is in force.
 */
export function awsProblems(aws: AwsConfig): string[] {
  const problems: string[] = [];
  if (set(aws.accessKeyId) && !set(aws.secretAccessKey))
    problems.push('config: aws.secretAccessKey: required with aws.accessKeyId');
  if (!set(aws.accessKeyId) && set(aws.secretAccessKey))
    problems.push('config: aws.accessKeyId: required with aws.secretAccessKey');
  if (set(aws.sessionToken) && !(set(aws.accessKeyId) && set(aws.secretAccessKey)))
    problems.push(
      'config: aws.sessionToken: set, but there is no aws.accessKeyId and aws.secretAccessKey pair',
    );
  // The SDK would quietly prefer one of them; which one a reader of the config cannot tell.
  if (set(aws.profile) && (set(aws.accessKeyId) || set(aws.secretAccessKey)))
    problems.push('config: aws.profile: set only one of aws.profile and a static key pair');

  for (const key of ['roleArn', 'taggingRoleArn'] as const) {
    const arn = aws[key];
    if (set(arn) && !ROLE_ARN.test(arn as string))
      problems.push(
        `config: aws.${key}: must be an IAM role ARN, arn:aws:iam::<12-digit account id>:role/<name>`,
      );
  }
  const assumes = set(aws.roleArn) || set(aws.taggingRoleArn);
  for (const key of ['externalId', 'roleSessionName', 'roleDurationS', 'stsEndpoint'] as const) {
    if (set(aws[key]) && !assumes)
      problems.push(`config: aws.${key}: set, but there is no aws.roleArn or aws.taggingRoleArn`);
  }
  if (set(aws.roleSessionName) && !SESSION_NAME.test(aws.roleSessionName as string))
    problems.push(
      'config: aws.roleSessionName: must be 2 to 64 letters, digits or any of + = , . @ _ -',
    );
  const duration = aws.roleDurationS;
  if (
    set(duration) &&
    ((duration as number) < ROLE_DURATION_S.min || (duration as number) > ROLE_DURATION_S.max)
  )
    problems.push(
      `config: aws.roleDurationS: must be between ${ROLE_DURATION_S.min} and ${ROLE_DURATION_S.max} (STS's limits)`,
    );
  problems.push(...regionProblems(aws));
  return problems;
}

function regionProblems(aws: AwsConfig): string[] {
  const problems: string[] = [];
  const regions = aws.regions;
  if (regions.length > 0 && regions[0] !== aws.region)
    problems.push(
      'config: aws.regions: the first region is home and must be aws.region (set both, or drop aws.regions)',
    );
  if (new Set(regions).size !== regions.length)
    problems.push('config: aws.regions: a region is listed twice');
  for (const region of Object.keys(aws.regionEndpoints)) {
    if (!regions.includes(region))
      problems.push(`config: aws.regionEndpoints: ${region} is not one of aws.regions`);
    else if (region === aws.region)
      problems.push(
        `config: aws.regionEndpoints: ${region} is home, whose endpoint is aws.endpoint`,
      );
  }
  return problems;
}
