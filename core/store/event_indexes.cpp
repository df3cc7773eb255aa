#include "core/store/event_indexes.h"

#include "core/store/schema.h"

#include <string>

namespace cordon::core::event_indexes {

void defer(Database &db)
{
    for (const auto &index : schema::eventQueryIndexes())
        db.exec("DROP INDEX IF EXISTS " + std::string(index.name));
    db.exec("UPDATE meta SET value = 1 WHERE key = 'bulk_indexes_pending'");
}

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

std::int64_t catchUpFullText(Database &db)
{
    const std::int64_t from = fullTextIndexedUpTo(db);
    const std::int64_t to = db.queryInt("SELECT COALESCE(MAX(id), 0) FROM events");
    if (to <= from)
        return 0;
    Statement insert = db.prepare(
        "INSERT INTO events_fts (rowid, prompt, output) SELECT id, prompt, output FROM events"
        " WHERE id > ? AND id <= ? AND (prompt IS NOT NULL OR output IS NOT NULL)");
    insert.bind(1, from).bind(2, to);
    insert.run();
    Statement mark = db.prepare("UPDATE meta SET value = ? WHERE key = 'fts_indexed_upto'");
    mark.bind(1, to);
    mark.run();
    return to - from;
}

} // namespace cordon::core::event_indexes
