#include "core/store/event_indexes.h"

#include "core/store/schema.h"

#include <string>

namespace cordon::core::event_indexes {

void restore(Database &db)
{
    for (const auto &index : schema::eventQueryIndexes())
        db.exec(index.sql);
    db.exec("UPDATE meta SET value = 0 WHERE key = 'bulk_indexes_pending'");
}

bool pending(Database &db)
{
    return db.queryInt("SELECT value FROM meta WHERE key = 'bulk_indexes_pending'") != 0;
}

std::int64_t fullTextIndexedUpTo(Database &db)
{
    return db.queryInt("SELECT value FROM meta WHERE key = 'fts_indexed_upto'");
}

namespace {

void setFullTextConfig(Database &db, std::string_view option, std::int64_t value)
{
    CachedStatement st = db.cached("INSERT INTO events_fts (events_fts, rank) VALUES (?, ?)");
    st->bindText(1, option).bind(2, value);
    st->run();
}

/// FTS5 settings for building a large part of the index in one statement. By default FTS5
/// flushes its term buffer every 1 MB and merges segments as they pile up, which rewrites the
/// index several times over during a bulk build; a 32 MB buffer and no merging build it once
/// (a million events: ~6 s instead of ~9 s), leaving a handful of large segments that
/// queries read as fast. The live settings come back afterwards.
void configureBulkFullText(Database &db)
{
    setFullTextConfig(db, "hashsize", 32 * 1024 * 1024);
    setFullTextConfig(db, "automerge", 0);
    setFullTextConfig(db, "crisismerge", 2000);
}

} // namespace

void useLiveMergeSettings(Database &db)
{
    setFullTextConfig(db, "hashsize", 1024 * 1024);
    setFullTextConfig(db, "automerge", kLiveAutomerge);
    setFullTextConfig(db, "crisismerge", kLiveCrisisMerge);
}

std::int64_t catchUpFullText(Database &db, FullTextPass pass)
{
    const std::int64_t from = fullTextIndexedUpTo(db);
    const std::int64_t to = db.queryInt("SELECT COALESCE(MAX(id), 0) FROM events");
    if (to <= from)
        return 0;
    const bool bulk = pass == FullTextPass::Bulk;
    if (bulk)
        configureBulkFullText(db);
    CachedStatement insert = db.cached(
        "INSERT INTO events_fts (rowid, prompt, output) SELECT id, prompt, output FROM events"
        " WHERE id > ? AND id <= ? AND (prompt IS NOT NULL OR output IS NOT NULL)");
    insert->bind(1, from).bind(2, to);
    insert->run();
    if (bulk)
        useLiveMergeSettings(db);
    CachedStatement mark = db.cached("UPDATE meta SET value = ? WHERE key = 'fts_indexed_upto'");
    mark->bind(1, to);
    mark->run();
    return to - from;
}

} // namespace cordon::core::event_indexes
