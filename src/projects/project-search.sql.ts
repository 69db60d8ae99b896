/**
 * Full-text search of projects, in one place (docs/database.md, "Search"). A project matches
 * when its titles or description match, or when one of its topics' names or descriptions
 * does; each text is stemmed in its own language (Finnish, Swedish, English) and the query
 * is read in all three. Both sides are the exact expressions of project_search_idx and
 * topic_search_idx, so the GIN indexes serve them.
 *
 * `id` is the SQL of the project id to test, `q` the placeholder of the search text.
 */
export function projectSearchCondition(id: string, q: string): string {
  const query = `(websearch_to_tsquery('pg_catalog.finnish', ${q})
    || websearch_to_tsquery('pg_catalog.swedish', ${q})
    || websearch_to_tsquery('pg_catalog.english', ${q}))`;
  return `${id} IN (
    SELECT s.id FROM project s
    WHERE project_search_document(s.title_sv, s.title_fi, s.title_en, s.description) @@ ${query}
    UNION
    SELECT pt.project_id FROM project_topic pt JOIN topic t ON t.id = pt.topic_id
    WHERE topic_search_document(t.name_fi, t.name_sv, t.name_en,
      t.description_fi, t.description_sv, t.description) @@ ${query})`;
}
