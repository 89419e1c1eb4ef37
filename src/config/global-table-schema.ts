import { bool, ms } from './formats.js';

/**
 * The `globalTable` section (src/config/schema.ts): how a task reading a global table's replica
 * streams (aws.regions) moves between regions. docs/GLOBAL-TABLES.md says what a move does.
 */
export const globalTableSchema = {
  failoverAfterMs: {
    doc: 'With aws.regions: the region read is left for the next healthy one after its DescribeTable has failed for this long without a break; fail-back needs home healthy as long.',
    format: ms(),
    default: 60_000,
  },
  probeIntervalMs: {
    doc: 'With aws.regions: how often every region is probed (DescribeTable of the table, each probe bounded by this time too).',
    format: ms(100),
    default: 5_000,
  },
  failBack: {
    doc: 'With aws.regions: move back to home once it has been healthy for globalTable.failoverAfterMs (each move costs the duplicates of its margin); false = stay where a failover went.',
    format: bool,
    default: false,
  },
  stripReplicationAttributes: {
    doc: "Remove the attributes a version 2017.11.29 global table adds to every item (aws:rep:updateregion, aws:rep:updatetime, aws:rep:deleting) from keys' images in records; verify leaves them out of the Scan too.",
    format: bool,
    default: true,
  },
};
