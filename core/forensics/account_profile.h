#pragma once

#include "core/forensics/event_evidence.h"
#include "core/util/clock.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cordon::core::forensics {

/// When an account should be suspended and how its risk is weighed (configurable per case).
struct ProfileCriteria {
    int suspendAfterAttempts = 5;      ///< more jailbreak attempts than this
    int suspendAfterViolations = 10;   ///< more policy violations than this
    bool suspendCampaignMembers = true;
};

/// What one account did over the whole case.
struct AccountProfile {
    std::int64_t accountId = 0;
    std::int64_t requests = 0, jailbreakAttempts = 0, policyViolations = 0, successfulJailbreaks = 0,
                 flaggedOutputs = 0;
    TimeUs firstSeen = 0, lastSeen = 0;
    int campaigns = 0;                 ///< coordinated campaigns the account is in

    // Derived by assess():
    double risk = 0;                   ///< 0..100
    bool suspend = false;
    std::vector<std::string> reasons;  ///< each contribution to risk, and each criterion that holds

    void count(const EventEvidence &evidence, TimeUs eventTime);
    /// Recomputes risk, suspend and reasons from the counts.
    void assess(const ProfileCriteria &criteria);
};

} // namespace cordon::core::forensics
