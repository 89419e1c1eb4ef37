/**
 * How much earlier than the moment of its change a stream record's ApproximateCreationDateTime
 * may say it was made, as the worker's clock counts: AWS rounds the time down to the second and
 * DynamoDB Local to the minute (60 s), the worker's clock may differ from DynamoDB's, and an
 * eventually consistent read may miss a write made just before it (another 60 s for both). A
 * record is skipped as "from before a 'latest' start" only when it is older than the start
 * minus this.
 */
export const STREAM_TIME_MARGIN_MS = 120_000;
