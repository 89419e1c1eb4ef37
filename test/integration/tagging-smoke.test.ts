import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { describe, expect, it } from 'vitest';
import { tagging } from '../support/clients.js';
import { uniqueName } from '../support/names.js';
import { createMotoTable as motoTable } from '../support/tagged-tables.js';

describe('moto (real Resource Groups Tagging API)', () => {
  it('GetResources returns exactly the table with the ingestion tag and the right environment', async () => {
    // A run-unique tag value, so tables left by other tests or runs cannot match.
    const env = uniqueName('env');
    const tagged = await motoTable(uniqueName('tagged'), {
      'datalake-ingest': 'true',
      environment: env,
    });
    await motoTable(uniqueName('other-env'), {
      'datalake-ingest': 'true',
      environment: `${env}-x`,
    });
    await motoTable(uniqueName('no-ingest'), { environment: env });
    await motoTable(uniqueName('untagged'), {});

    const arns: string[] = [];
    for await (const page of paginateGetResources(
      { client: tagging() },
      {
        ResourceTypeFilters: ['dynamodb:table'],
        TagFilters: [{ Key: 'datalake-ingest' }, { Key: 'environment', Values: [env] }],
      },
    )) {
      arns.push(...(page.ResourceTagMappingList ?? []).map((m) => m.ResourceARN as string));
    }
    expect(arns).toEqual([tagged]);
  });
});
