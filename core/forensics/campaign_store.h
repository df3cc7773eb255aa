#pragma once

#include "core/forensics/campaigns.h"
#include "core/store/sqlite.h"

#include <cstdint>
#include <set>

namespace cordon::core::forensics {

struct CampaignRefresh {
    std::int64_t campaigns = 0;
    std::int64_t accounts = 0;               ///< accounts in any campaign
    std::set<std::int64_t> touchedAccounts;  ///< accounts whose membership may have changed
};

/// Recomputes coordinated campaigns from the clustered attack events stored in the case
/// and replaces the campaign tables. A campaign keeps the id of the earlier campaign it
/// shares most accounts with, so references to it (proposed actions) survive a refresh.
CampaignRefresh refreshCampaigns(Database &db, const CampaignOptions &options);

} // namespace cordon::core::forensics
