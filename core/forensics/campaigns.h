#pragma once

#include "core/util/clock.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

/// Coordinated-campaign detection: which accounts attack together, judged by what they
/// send (shared suffix clusters and prompt families), when (aligned bursts) and from where
/// (shared addresses, networks, user agents, API keys).
namespace cordon::core::forensics {

/// What one suspect account did, as campaign detection sees it.
struct AccountActivity {
    std::string account;
    std::map<std::int64_t, int> suffixClusters;   ///< suffix cluster → attack events with a tail in it
    std::map<std::int64_t, int> families;         ///< prompt family → attack events in it
    std::vector<TimeUs> attackTimes;        ///< times of its attack-looking events
    /// Infrastructure items, typed: "ip:203.0.113.7", "net:203.0.113.0/24", "net:2001:db8:1::/48",
    /// "ua:curl/8.4.0", "key:<hash>".
    std::set<std::string> infrastructure;
};

struct CampaignOptions {
    double overlapThreshold = 0.7;          ///< weighted Jaccard of suffix-cluster (or family) use
    double temporalThreshold = 0.8;         ///< Pearson correlation of binned attack counts
    double infrastructureThreshold = 0.5;   ///< Jaccard of distinctive infrastructure items
    TimeUs bin = 10 * 60'000'000LL;         ///< width of a time bin for temporal correlation
    int minOverlapEvents = 3;               ///< fewer clustered attack events than this say nothing about content
    int minTemporalEvents = 3;              ///< fewer attack events than this say nothing about timing
    int minTemporalBins = 2;                ///< ... and so do events all in one bin
    int minAccounts = 3;                    ///< fewer accounts are a pair of colleagues, not a campaign
};

/// Why two accounts are linked: every score, and which criteria passed their threshold.
struct AccountLink {
    std::size_t a = 0, b = 0;               ///< indexes into the input
    double overlap = 0, temporal = 0, infrastructure = 0;
    bool byOverlap = false, byTemporal = false, byInfrastructure = false;
    std::vector<std::int64_t> sharedClusters;
    std::vector<std::string> sharedInfrastructure;
};

struct Campaign {
    std::vector<std::size_t> accounts;      ///< indexes into the input, ascending
    std::vector<AccountLink> links;         ///< the links that hold it together
    TimeUs firstSeen = 0, lastSeen = 0;
    /// Clusters and infrastructure items used by at least two of its accounts, with how many.
    std::map<std::int64_t, int> sharedClusters;
    std::map<std::string, int> sharedInfrastructure;
};

/// Scores every pair of accounts that share a cluster, an infrastructure item or a time
/// bin (pairs sharing none score zero on every criterion, so they are never visited), links
/// the pairs over any threshold and returns the connected groups of at least minAccounts.
/// `commonItems` are infrastructure items too widespread in the whole case to mean anything
/// (a browser's user agent); they are ignored.
std::vector<Campaign> findCampaigns(const std::vector<AccountActivity> &accounts, const CampaignOptions &options,
                                    const std::unordered_set<std::string> &commonItems = {});

/// Scores of one pair, the same way findCampaigns does (for explanations and tests).
AccountLink scorePair(const AccountActivity &a, const AccountActivity &b, const CampaignOptions &options,
                      const std::unordered_set<std::string> &commonItems = {});

/// The infrastructure items of a source address: the address and its /24 (IPv4) or /48
/// (IPv6) network. Nothing for text that is not an address.
std::vector<std::string> addressItems(const std::string &address);

} // namespace cordon::core::forensics
