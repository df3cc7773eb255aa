#pragma once

#include "core/store/sqlite.h"

#include <cstdint>

namespace cordon::core {

/// Bulk import leaves the full-text index behind and builds it in one pass at the end, far
/// faster than row by row (DESIGN.md, budgets); meta.fts_indexed_upto says how far it is, so
/// a crash in the middle is finished on the next writable open. The query indexes are kept up
/// to date row by row: rebuilding them afterwards costs more (each CREATE INDEX reads every
/// wide event row; 1M events: ~6 s against ~1 s of row-by-row upkeep). Cordon before this
/// change dropped them for a bulk import and marked meta.bulk_indexes_pending, which an open
/// still finishes.
namespace event_indexes {

/// Recreates missing query indexes and clears the pending mark (inside a transaction).
void restore(Database &db);
bool pending(Database &db);

enum class FullTextPass {
    Incremental, ///< a commit's worth of events, with FTS5's defaults
    Bulk,        ///< the rest of a bulk import at once, built with settings for that
};

/// Adds events with id > meta.fts_indexed_upto to the full-text index (inside a transaction).
std::int64_t catchUpFullText(Database &db, FullTextPass pass = FullTextPass::Incremental);
std::int64_t fullTextIndexedUpTo(Database &db);

} // namespace event_indexes
} // namespace cordon::core
