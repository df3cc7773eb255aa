#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cordon::core::forensics {

/// An indicator of compromise forensics found in the case itself.
struct DerivedIndicator {
    std::string type;        ///< suffix_signature, prompt_pattern, ip, network, account, token_sha256, api_key_sha256, model_version
    std::string value;
    std::string name;        ///< what it is, for a person reading the export
    int confidence = 50;     ///< 0-100 as in STIX 2.1
    TimeUs firstSeen = 0, lastSeen = 0;
    std::int64_t sightings = 0;
    /// Sightings add to what is stored (counts from this run's events) rather than replace it
    /// (counts recomputed from the whole case).
    bool accumulate = false;
    nlohmann::json attributes = nlohmann::json::object();   ///< the evidence: cluster, accounts, ...
};

/// Tallies of values seen on this run's attack events, kept by type and value.
class IndicatorTally {
public:
    void add(const std::string &type, const std::string &value, TimeUs time);
    /// As indicators that accumulate, named and with the given confidence per type.
    std::vector<DerivedIndicator> indicators() const;

private:
    struct Count {
        std::int64_t n = 0;
        TimeUs first = 0, last = 0;
    };
    std::map<std::pair<std::string, std::string>, Count> m_counts;
};

/// What a run changes in the derived indicators.
struct DerivedChanges {
    std::vector<DerivedIndicator> indicators;                    ///< to insert or update
    std::vector<std::pair<std::string, std::string>> withdrawn;  ///< (type, value) no longer borne out
    bool campaignsRefreshed = false;                             ///< campaign infrastructure is replaced whole
};

/// Indicators from what a run changed: the touched clusters that are shared (suffix
/// signatures and prompt patterns), campaign infrastructure when campaigns were refreshed,
/// accounts among `accounts` meeting the suspension criteria (and withdrawn when they no
/// longer do), and tokens with findings recorded by run `analysisId`.
DerivedChanges deriveIndicators(Database &db, const std::set<std::int64_t> &clusters, bool campaigns,
                                const std::set<std::int64_t> &accounts, std::int64_t analysisId);

/// Applies the changes to derived_indicators (the run's state digest covers that table, so
/// results depend only on the events, not on how runs were split). Returns rows written.
std::int64_t storeDerived(Database &db, const DerivedChanges &changes);

} // namespace cordon::core::forensics
