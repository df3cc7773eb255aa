#pragma once

#include "core/forensics/account_profile.h"
#include "core/forensics/auth_forensics.h"
#include "core/forensics/campaigns.h"
#include "core/forensics/near_duplicates.h"
#include "core/store/sqlite.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

namespace cordon::core::forensics {

/// Every threshold forensics uses, with the defaults the issue and the accuracy benchmark
/// settled on. Stored with each analysis run so a result can be explained later.
struct ForensicSettings {
    double suffixThreshold = 0.3;   ///< boundary score a prompt's tail needs to count as a suffix
    ClusterOptions suffixClusters{0.4, 64, {Shingling::Unit::Characters, 5}, 8};
    // Character shingles at 0.3 scored best on labelled in-the-wild jailbreak communities
    // (cordon-bench forensics: pairwise F1 0.82, ARI 0.81; word 3-shingles at best 0.68).
    ClusterOptions families{0.3, 64, {Shingling::Unit::Characters, 5}, 8};
    CampaignOptions campaigns;
    ProfileCriteria profiles;
    AuthCriteria auth;

    nlohmann::json toJson() const;
    /// Reads the keys present in `j` over the defaults; refuses values out of range.
    static Expected<ForensicSettings> fromJson(const nlohmann::json &j);
};

/// The settings a case was last analysed with, so every later run (by hand or live) goes on
/// with the same thresholds; the defaults for a case never analysed. A stored value this
/// version cannot read is reported, not silently replaced.
Expected<ForensicSettings> caseSettings(Database &db);

} // namespace cordon::core::forensics
