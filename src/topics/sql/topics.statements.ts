import { sql, statementSet } from '../../common/statements';

/**
 * Every statement of TopicsRepository. Rendered into src/queries/topics.repository.sql by
 * `npm run sql`.
 */

/** A topic row, named as the Topic entity's properties. */
export interface TopicRow {
  id: number;
  slug: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  description: string | null;
  descriptionFi: string | null;
  descriptionSv: string | null;
  sourceKey: string;
  synthetic: boolean;
}

const TOPIC_COLUMNS = `t.id, t.slug, t.name_fi AS "nameFi", t.name_sv AS "nameSv", t.name_en AS "nameEn",
           t.description, t.description_fi AS "descriptionFi", t.description_sv AS "descriptionSv",
           t.source_key AS "sourceKey", t.synthetic`;

const PAGE_PARAMS = ['after slug', 'before slug', 'limit'] as const;
type PageParams = [after: string | null, before: string | null, limit: number];

export const TOPICS_SQL = statementSet('topics.repository', 'TopicsRepository', {
  byIds: sql<TopicRow, [ids: number[]]>(
    ['ids'],
    `
    SELECT ${TOPIC_COLUMNS}
      FROM topic t
     WHERE t.id = ANY($1::int[])`,
    { replica: true },
  ),

  bySlug: sql<TopicRow, [slug: string]>(
    ['slug'],
    `
    SELECT ${TOPIC_COLUMNS}
      FROM topic t
     WHERE t.slug = $1::text`,
    { replica: true },
  ),

  /** Ordered by slug, between two exclusive slugs. */
  pageForward: sql<TopicRow, PageParams>(
    [...PAGE_PARAMS],
    `
    SELECT ${TOPIC_COLUMNS}
      FROM topic t
     WHERE ($1::text IS NULL OR t.slug > $1) AND ($2::text IS NULL OR t.slug < $2)
     ORDER BY t.slug
     LIMIT $3::int`,
    { replica: true },
  ),

  pageBackward: sql<TopicRow, PageParams>(
    [...PAGE_PARAMS],
    `
    SELECT ${TOPIC_COLUMNS}
      FROM topic t
     WHERE ($1::text IS NULL OR t.slug > $1) AND ($2::text IS NULL OR t.slug < $2)
     ORDER BY t.slug DESC
     LIMIT $3::int`,
    { replica: true },
  ),

  count: sql<{ n: number }, []>([], `SELECT count(*)::int AS n FROM topic`, { replica: true }),

  /** A new topic from the API; none when the slug is taken. */
  insert: sql<
    TopicRow,
    [
      slug: string,
      nameFi: string,
      nameSv: string,
      nameEn: string,
      description: string | null,
      descriptionFi: string | null,
      descriptionSv: string | null,
    ]
  >(
    ['slug', 'nameFi', 'nameSv', 'nameEn', 'description', 'descriptionFi', 'descriptionSv'],
    `
    INSERT INTO topic AS t (slug, name_fi, name_sv, name_en, description, description_fi, description_sv, source_key)
    VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, 'api')
    ON CONFLICT (slug) DO NOTHING
    RETURNING ${TOPIC_COLUMNS}`,
  ),
});
