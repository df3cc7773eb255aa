#pragma once

#include "core/store/sqlite.h"

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace cordon::core::schema {

/// PRAGMA application_id of every case file: "CRDN" in ASCII.
inline constexpr std::int32_t kApplicationId = 0x4352444E;

/// One forward migration from version - 1 to version; runs inside its own transaction.
struct Migration {
    int version;
    std::function<void(Database &)> apply;
};

/// Every migration, in order. The last one's version is the current schema version.
const std::vector<Migration> &migrations();
int currentVersion();

/// Applies the migrations after the file's user_version up to `target` (default: current),
/// each in one transaction that also bumps user_version, so a crash leaves a whole version.
void migrate(Database &db, int target = 0);

/// Query indexes on events that bulk import drops and rebuilds (see ingest/importer.cpp).
struct IndexDefinition {
    std::string_view name;
    std::string_view sql;
};
const std::vector<IndexDefinition> &eventQueryIndexes();

} // namespace cordon::core::schema
