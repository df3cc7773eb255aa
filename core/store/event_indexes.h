#pragma once

#include "core/store/sqlite.h"

#include <cstdint>

namespace cordon::core {

/// Bulk import inserts events with the query indexes dropped and the full-text index behind,
/// then builds both in one pass: far faster than maintaining them row by row (DESIGN.md,
/// budgets). A meta flag marks the deferred state in the same transaction, so a crash in the
/// middle is finished on the next writable open.
namespace event_indexes {

/// Drops the query indexes and marks them pending (inside the caller's transaction).
void defer(Database &db);
/// Recreates missing query indexes and clears the pending mark (inside a transaction).
void restore(Database &db);
bool pending(Database &db);

/// Adds events with id > meta.fts_indexed_upto to the full-text index (inside a transaction).
std::int64_t catchUpFullText(Database &db);
std::int64_t fullTextIndexedUpTo(Database &db);

} // namespace event_indexes
} // namespace cordon::core
