#pragma once

#include "core/forensics/account_profile.h"
#include "core/forensics/campaigns.h"
#include "core/forensics/near_duplicates.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

namespace cordon::core::forensics {

/// Every threshold forensics uses, with the defaults the issue and the accuracy benchmark
/// settled on. Stored with each analysis run so a result can be explained later.
struct ForensicSettings {
    double suffixThreshold = 0.3;   ///< boundary score a prompt's tail needs to count as a suffix
    ClusterOptions suffixClusters{0.4, 64, {Shingling::Unit::Characters, 5}, 8};
    ClusterOptions families{0.5, 64, {Shingling::Unit::Words, 3}, 8};
    CampaignOptions campaigns;
    ProfileCriteria profiles;

    nlohmann::json toJson() const;
    /// Reads the keys present in `j` over the defaults; refuses values out of range.
    static Expected<ForensicSettings> fromJson(const nlohmann::json &j);
};

} // namespace cordon::core::forensics
