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
    Incremental, ///< a commit's worth of events, with the live merge settings
    Bulk,        ///< the rest of a bulk import at once, built with settings for that
};

/// FTS5 merges for an index that grows by a few thousand events at a time. Each flush of new
/// terms is a segment; FTS5 merges a level's segments into one on the next level once
/// `automerge` of them gathered, a little per write, and all at once inside the write that
/// brings a level to `crisismerge`. Its defaults (4 and 16) cost the live writer dearly on a
/// bulk-imported case, whose index is a handful of big segments on the first level:
///  - at 4, live flushes kept merging those big segments, a slice per write (the full-text
///    share of a 4,000-event commit: median 46 ms instead of 18 ms);
///  - at 16, the flush that made 16 merged all of them in one write: a 4-second stall of the
///    writer, during which feeds were refused.
/// With 16 and 64, small segments merge among themselves and a level of big ones is merged a
/// slice at a time.
inline constexpr int kLiveAutomerge = 16;
inline constexpr int kLiveCrisisMerge = 64;

/// Sets the live merge settings (stored in the index's own configuration table).
void useLiveMergeSettings(Database &db);

/// Adds events with id > meta.fts_indexed_upto to the full-text index (inside a transaction).
std::int64_t catchUpFullText(Database &db, FullTextPass pass = FullTextPass::Incremental);
std::int64_t fullTextIndexedUpTo(Database &db);

} // namespace event_indexes
} // namespace cordon::core
