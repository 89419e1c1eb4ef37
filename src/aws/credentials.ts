import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import {
  createIsIdentityExpiredFunction,
  doesIdentityRequireRefresh,
  memoizeIdentityProvider,
} from '@smithy/core';
import type { Config } from '../config/load.js';
import { AssumeRoleError, errorMessage, isRetriable } from '../errors.js';

/** A role's credentials are fetched again this long before they expire, as the SDK's clients do. */
export const REFRESH_BEFORE_MS = 5 * 60_000;
const DEFAULT_DURATION_S = 3600;

export interface AssumedRole {
  roleArn: string;
  credentials: AwsCredentialIdentityProvider;
}

export interface AwsCredentials {
  /** DynamoDB, DynamoDB Streams and MSK IAM: one provider, so one session of the role. */
  dynamodb: AwsCredentialIdentityProvider;
  /** The Resource Groups Tagging API (table discovery). */
  tagging: AwsCredentialIdentityProvider;
  /** Every role assumed, so the start can obtain each once (roles-at-start.ts). */
  roles: AssumedRole[];
}

/** `dynamodb-kafka-connect-<connector>` with what STS refuses in a session name replaced. */
export function defaultSessionName(connector: string): string {
  return `dynamodb-kafka-connect-${connector}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

/** What a role is assumed with: the static pair when given, else the SDK's default chain. */
function baseCredentials(aws: Config['aws']): AwsCredentialIdentityProvider {
  const { accessKeyId, secretAccessKey, sessionToken } = aws;
  if (accessKeyId && secretAccessKey) {
    const identity: AwsCredentialIdentity = sessionToken
      ? { accessKeyId, secretAccessKey, sessionToken }
      : { accessKeyId, secretAccessKey };
    return async () => identity;
  }
  // The chain memoizes itself and refreshes what it got from SSO, web identity, ECS or IMDS.
  return fromNodeProviderChain(aws.profile ? { profile: aws.profile } : {});
}

/**
 * The SDK's AssumeRole provider on top of `base`. It calls STS every time it is asked, and the
 * signer of json-rpc.ts asks for every request, so it is memoized here the way the SDK's own
 * clients memoize credentials: kept until REFRESH_BEFORE_MS before expiry, then fetched again
 * by the next request. A refusal becomes an AssumeRoleError naming the role.
 */
function assumeRole(
  roleArn: string,
  base: AwsCredentialIdentityProvider,
  config: Config,
): AwsCredentialIdentityProvider {
  const { aws } = config;
  const fromSts = fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: roleArn,
      RoleSessionName: aws.roleSessionName ?? defaultSessionName(config.name),
      DurationSeconds: aws.roleDurationS ?? DEFAULT_DURATION_S,
      ...(aws.externalId ? { ExternalId: aws.externalId } : {}),
    },
    clientConfig: {
      region: aws.region,
      endpoint: aws.stsEndpoint ?? undefined,
      // Retrying is the caller's (task retry, start): one layer owns each retry.
      maxAttempts: 1,
      requestHandler: {
        connectionTimeout: aws.requestTimeoutMs,
        requestTimeout: aws.requestTimeoutMs,
      },
    },
  });
  const named = async () => {
    try {
      return await fromSts();
    } catch (err) {
      throw new AssumeRoleError(roleArn, errorMessage(err), isRetriable(err));
    }
  };
  return memoizeIdentityProvider(
    named,
    createIsIdentityExpiredFunction(REFRESH_BEFORE_MS),
    doesIdentityRequireRefresh,
  ) as AwsCredentialIdentityProvider;
}

/**
 * The credentials of every AWS call: the base (static pair, or the default chain with
 * aws.profile), with aws.roleArn assumed on top when set; the tagging API with its own role
 * when aws.taggingRoleArn is set. Nothing is fetched until a first call asks.
 */
export function awsCredentials(config: Config): AwsCredentials {
  const { roleArn, taggingRoleArn } = config.aws;
  const base = baseCredentials(config.aws);
  const roles: AssumedRole[] = [];
  const assumed = (arn: string) => {
    const credentials = assumeRole(arn, base, config);
    roles.push({ roleArn: arn, credentials });
    return credentials;
  };
  const dynamodb = roleArn ? assumed(roleArn) : base;
  const tagging = taggingRoleArn && taggingRoleArn !== roleArn ? assumed(taggingRoleArn) : dynamodb;
  return { dynamodb, tagging, roles };
}
