#pragma once

#include "core/store/sqlite.h"

#include <nlohmann/json.hpp>

namespace cordon::core::forensics {

/// The stored forensic results as one JSON document, for `cordon-cli analyze` and exports:
/// the newest analysis, campaigns with their members and why each is in, the largest
/// clusters of each kind, and the accounts meeting the suspension criteria by risk.
nlohmann::json readResults(Database &db, int topClusters = 20, int topAccounts = 50);

} // namespace cordon::core::forensics
