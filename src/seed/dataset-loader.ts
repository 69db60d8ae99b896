import { DataSource } from 'typeorm';
import { type Queryable, rowsOf } from '../common/statements';
import { DATASET_SQL } from './sql/dataset.statements';
import { readDataset } from './dataset-files';

export interface LoadSummary {
  programmes: number;
  municipalities: number;
  projects: number;
  participations: number;
  topics: number;
}

/** True when the database holds no dataset yet (a fresh database after migrations). */
export async function isDatasetMissing(ds: DataSource): Promise<boolean> {
  const [row] = await rowsOf(ds, DATASET_SQL.count, []);
  return row.n === 0;
}

/**
 * Loads data/ into the database in one transaction. Every write is an upsert
 * on the natural key (municipality code, programme code, topic slug, list
 * position), so loading twice adds nothing. With `replace`, participants and
 * topics of the dataset's projects are set to exactly what the files say;
 * rows that users recorded (commitments, reuse links, other projects) stay.
 */
export async function loadDataset(
  ds: DataSource,
  options: { replace?: boolean } = {},
): Promise<LoadSummary> {
  const data = readDataset();
  return ds.transaction(async (tx) => {
    const json = (rows: unknown[]) => JSON.stringify(rows);
    await rowsOf(tx, DATASET_SQL.upsertSources, [json(data.sources)]);
    await rowsOf(tx, DATASET_SQL.upsertRegions, [json(data.regions)]);
    await rowsOf(tx, DATASET_SQL.upsertMunicipalities, [json(data.municipalities)]);
    await rowsOf(tx, DATASET_SQL.setMergers, [json(data.mergers)]);
    await upsertJointAuthorities(tx, data.jointAuthorities);
    await rowsOf(tx, DATASET_SQL.upsertProgrammes, [
      json(data.programmes.map((p, ord) => ({ ...p, ord }))),
    ]);
    await rowsOf(tx, DATASET_SQL.upsertTopics, [json(data.topics)]);
    const projectIds = await rowsOf(tx, DATASET_SQL.upsertProjects, [
      json(data.projects.map((p, ord) => ({ ...p, ord }))),
    ]);
    const ids = projectIds.map((p) => p.id);
    if (options.replace) {
      await rowsOf(tx, DATASET_SQL.deleteParticipations, [ids]);
      await rowsOf(tx, DATASET_SQL.deleteProjectTopics, [ids]);
    }
    await rowsOf(tx, DATASET_SQL.deleteOutputs, [ids]);
    const idByKey = new Map(projectIds.map((p) => [p.key, p.id]));
    await rowsOf(tx, DATASET_SQL.upsertParticipations, [
      json(data.participants.map((p) => ({ ...p, projectId: idByKey.get(p.projectKey) }))),
    ]);
    await rowsOf(tx, DATASET_SQL.upsertProjectTopics, [
      json(data.projectTopics.map((p) => ({ ...p, projectId: idByKey.get(p.projectKey) }))),
    ]);
    await rowsOf(tx, DATASET_SQL.insertOutputs, [
      json(data.outputs.map((o) => ({ ...o, projectId: idByKey.get(o.projectKey) }))),
    ]);
    return {
      programmes: data.programmes.length,
      municipalities: data.municipalities.length,
      projects: data.projects.length,
      participations: data.participants.length,
      topics: data.topics.length,
    };
  });
}

async function upsertJointAuthorities(
  tx: Queryable,
  rows: ReturnType<typeof readDataset>['jointAuthorities'],
) {
  for (const ja of rows) {
    // Joint authorities have no natural key in the dataset but their Finnish name.
    const [row] = await rowsOf(tx, DATASET_SQL.upsertJointAuthority, [
      ja.nameFi,
      ja.nameSv,
      ja.nameEn,
      ja.sourceKey,
    ]);
    await rowsOf(tx, DATASET_SQL.addJointAuthorityMembers, [row.id, ja.memberCodes, ja.sourceKey]);
  }
}
