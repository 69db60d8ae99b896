import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { clientQueryable, Queryable, rowsOf, type Statement } from '../common/statements';
import { GRAPH_SQL, IdLinkRow, IdPairRow, IndexBoundsRow } from './sql/graph.statements';

/** Where a snapshot was read. */
export type SnapshotSource = 'replica' | 'primary';

/** A build's snapshot: what it read, the feed position it reflects, and where it was read. */
export interface BuildRead<T> {
  value: T;
  position: number;
  source: SnapshotSource;
}

/**
 * The typed loaders of one snapshot: one REPEATABLE READ READ ONLY transaction on a connection
 * of its own, opened by GraphRepository (or `withGraphSnapshot`). The full build's tables come
 * through `COPY (…) TO STDOUT`, parsed straight into typed arrays; a change's lists as rows.
 */
export class GraphSnapshot {
  private readonly db: Queryable;

  constructor(private readonly client: Client) {
    this.db = clientQueryable(client);
  }

  async bounds(): Promise<IndexBoundsRow> {
    const [row] = await rowsOf(this.db, GRAPH_SQL.bounds, []);
    return row;
  }

  /** participation (project, organisation), in primary-key order. */
  participation(): Promise<Int32Array[]> {
    return this.copyInts(GRAPH_SQL.copyParticipation, 2);
  }

  /** Linking commitments (id, project a, project b). */
  commitments(): Promise<Int32Array[]> {
    return this.copyInts(GRAPH_SQL.copyCommitments, 3);
  }

  /** Reuse links with a source (id, project, source project). */
  reuseLinks(): Promise<Int32Array[]> {
    return this.copyInts(GRAPH_SQL.copyReuse, 3);
  }

  /** Joint authority memberships (authority, municipality). */
  memberships(): Promise<Int32Array[]> {
    return this.copyInts(GRAPH_SQL.copyMembers, 2);
  }

  /** Projects whose participant list is incomplete (id). */
  incompleteIds(): Promise<Int32Array[]> {
    return this.copyInts(GRAPH_SQL.copyIncomplete, 1);
  }

  /** The lists a change re-reads; an empty id list reads nothing. */
  projectMembers(projects: number[]): Promise<IdPairRow[]> {
    return ifAny(projects, () => rowsOf(this.db, GRAPH_SQL.refreshProjectMembers, [projects]));
  }

  organisationProjects(organisations: number[]): Promise<IdPairRow[]> {
    return ifAny(organisations, () =>
      rowsOf(this.db, GRAPH_SQL.refreshOrganisationProjects, [organisations]),
    );
  }

  projectCommitments(projects: number[]): Promise<IdLinkRow[]> {
    return ifAny(projects, () => rowsOf(this.db, GRAPH_SQL.refreshCommitments, [projects]));
  }

  projectReuse(projects: number[]): Promise<IdLinkRow[]> {
    return ifAny(projects, () => rowsOf(this.db, GRAPH_SQL.refreshReuse, [projects]));
  }

  organisationMembers(organisations: number[]): Promise<IdPairRow[]> {
    return ifAny(organisations, () => rowsOf(this.db, GRAPH_SQL.refreshMembers, [organisations]));
  }

  async incomplete(projects: number[]): Promise<number[]> {
    const rows = await ifAny(projects, () =>
      rowsOf(this.db, GRAPH_SQL.refreshIncomplete, [projects]),
    );
    return rows.map((r) => r.id);
  }

  /** Runs `read` in the snapshot: BEGIN … REPEATABLE READ READ ONLY, then COMMIT. */
  async run<T>(read: (s: GraphSnapshot) => Promise<T>): Promise<T> {
    await rowsOf(this.db, GRAPH_SQL.beginSnapshot, []);
    await rowsOf(this.db, GRAPH_SQL.noStatementTimeout, []);
    const out = await read(this);
    await rowsOf(this.db, GRAPH_SQL.endSnapshot, []);
    return out;
  }

  /** Reads `COPY (statement) TO STDOUT` of `columns` integer columns into typed arrays. */
  private async copyInts<Row>(
    statement: Statement<Row, []>,
    columns: number,
  ): Promise<Int32Array[]> {
    let cap = 1 << 16;
    let out = Array.from({ length: columns }, () => new Int32Array(cap));
    let rows = 0;
    let col = 0;
    let value = 0;
    let negative = false;
    const stream = this.client.query(copyTo(`COPY (${statement.text}) TO STDOUT`));
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i++) {
        const ch = chunk[i];
        if (ch >= 48 && ch <= 57) value = value * 10 + (ch - 48);
        else if (ch === 45) negative = true;
        else if (ch === 9 || ch === 10) {
          if (rows === cap) {
            cap *= 2;
            out = out.map((a) => {
              const b = new Int32Array(cap);
              b.set(a);
              return b;
            });
          }
          out[col][rows] = negative ? -value : value;
          value = 0;
          negative = false;
          if (ch === 9) col++;
          else {
            col = 0;
            rows++;
          }
        }
      }
    }
    return out.map((a) => a.slice(0, rows));
  }
}

function ifAny<T>(ids: number[], read: () => Promise<T[]>): Promise<T[]> {
  return ids.length ? read() : Promise.resolve([]);
}

/** A connection of its own (not the pool's): a snapshot may outlast the statement timeout. */
export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'kuntaverkko-graph-index' });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Runs `read` in one snapshot on a connection of its own to `url` (the primary's, in tests). */
export async function withGraphSnapshot<T>(
  url: string,
  read: (s: GraphSnapshot) => Promise<T>,
): Promise<T> {
  const client = await connect(url);
  try {
    return await new GraphSnapshot(client).run(read);
  } finally {
    await client.end().catch(() => undefined);
  }
}
