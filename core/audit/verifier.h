#pragma once

#include "core/store/sqlite.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cordon::core {

struct VerifyReport {
    bool ok() const { return problems.empty(); }
    std::string headHash;                 ///< hex of the newest audit entry's hash
    std::int64_t auditEntries = 0;
    std::int64_t batches = 0;
    std::int64_t events = 0;
    std::int64_t evidenceChecked = 0;
    /// What is broken, the first broken entry first.
    std::vector<std::string> problems;
    /// Not tampering, but worth saying (an evidence file that has moved, ...).
    std::vector<std::string> warnings;
};

/// Re-walks a case: the audit hash chain, every audited row against the state its last
/// audit entry recorded, every event, dead letter and entity against the digest of the
/// batch that appended it, the case counters, and evidence files against their intake hash.
/// `caseDirectory` resolves relative evidence paths.
VerifyReport verifyCase(Database &db, const std::string &caseDirectory);

} // namespace cordon::core
