#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"

#include <nlohmann/json.hpp>

#include <string>

namespace cordon::core::forensics {

/// A case's indicators of compromise (imported and derived; protected text never leaves
/// the case) as a STIX 2.1 bundle: an identity for the case, one indicator per indicator
/// with a STIX pattern, and one sighting per indicator seen in the case's events. Ids are
/// name-based UUIDs, so exporting again gives the same ids; an imported STIX indicator
/// keeps its own id and pattern.
nlohmann::json stixBundle(Database &db, TimeUs now);

/// The same indicators as CSV (RFC 4180, header row). Cells that a spreadsheet would run
/// as a formula (=, +, -, @ first) are prefixed with a quote: the values are attacker text.
std::string indicatorsCsv(Database &db);

/// STIX 2.1 timestamp with millisecond precision, as created and modified require.
std::string stixTimestamp(TimeUs t);

} // namespace cordon::core::forensics
