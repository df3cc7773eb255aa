#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <optional>
#include <string>
#include <vector>

namespace cordon::core::response {

/// Where an account stands after the actions executed on it (and not reverted since).
struct AccountStatus {
    std::string account;
    std::string status;   ///< suspended, rate-limited, blocked, tokens revoked, monitored
    std::string detail;   ///< "until …", "10 requests/h", …
    std::int64_t actionId = 0;
    TimeUs since = 0;
    std::optional<TimeUs> until;
};
/// One row per account and measure in force, newest first.
std::vector<AccountStatus> accountStatuses(Database &db);

/// A pattern an input filter should block: from pattern.block and suffix_blocklist.update
/// actions in force (in_force) or, as candidates, from suffix clusters shared by accounts.
struct BlockedPattern {
    std::string pattern, match = "substring", source;
    std::int64_t actionId = 0;   ///< 0 for a candidate
    bool inForce = false;
};
std::vector<BlockedPattern> patternBlocklist(Database &db, bool withCandidates);

/// An address or network seen as attack infrastructure (campaign addresses, threat intel).
struct BlockedAddress {
    std::string value, type, source;
    int confidence = 0;
};
std::vector<BlockedAddress> addressBlocklist(Database &db);

/// Writes the files other systems load into `directory` (created when missing), each
/// atomically: suffix_blocklist.json (patterns in force and candidates, marked),
/// suffix_blocklist.txt (patterns in force, one per line), ip_blocklist.txt, accounts.csv and
/// detection_rules.json (the rules the case uses). Returns the paths written.
Expected<std::vector<std::string>> writeArtefacts(Database &db, const Clock &clock, const std::string &directory);

} // namespace cordon::core::response
