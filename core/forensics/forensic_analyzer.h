#pragma once

#include "core/forensics/campaign_store.h"
#include "core/forensics/forensic_settings.h"
#include "core/forensics/indicator_matcher.h"
#include "core/forensics/near_duplicates.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace cordon::core::forensics {

/// What one analysis run did.
struct AnalysisSummary {
    std::int64_t analysisId = 0;
    std::int64_t fromEvent = 0, uptoEvent = 0;
    std::int64_t events = 0;            ///< events examined in this run
    std::int64_t attackEvents = 0;      ///< of which looked like attacks (clustered)
    std::int64_t suffixes = 0;          ///< adversarial suffixes extracted
    std::int64_t newSuffixClusters = 0, newFamilies = 0;
    std::int64_t suffixClusters = 0, families = 0;   ///< totals in the case after the run
    std::int64_t profiles = 0;          ///< accounts profiled in the case
    std::int64_t suspendable = 0;       ///< accounts meeting the suspension criteria
    std::int64_t campaigns = 0, campaignAccounts = 0;
    std::int64_t authFindings = 0;      ///< findings about authentication events in this run
    std::int64_t sightings = 0;         ///< new sightings of imported indicators
    std::int64_t indicatorsDerived = 0; ///< derived indicators written (new or updated)
    bool rebuilt = false;
    bool more = false;                  ///< a limited run left newer events for the next one
    double seconds = 0;
};

/// Runs forensics over a case: extracts adversarial suffixes, clusters them and whole
/// attack prompts into families (MinHash/LSH, incrementally: each run continues from the
/// last event the previous one saw, and clusters persist in the case), profiles accounts,
/// recomputes coordinated campaigns, judges authentication tokens, matches imported
/// indicators against events and derives indicators of its own. Each run is one transaction with one audited
/// `analyses` row. Work per run is proportional to the new events, not to the case: cluster
/// aggregates are updated in place and campaign inputs are kept in an ActivityLedger. Keep one analyzer per open case for
/// live feeds; its clusters stay in memory between runs.
class ForensicAnalyzer {
public:
    ForensicAnalyzer(ForensicSettings settings, const Clock &clock);

    /// Analyses the events committed since the last run (or all of them with `rebuild`,
    /// after discarding earlier results), at most `maxEvents` of them when it is positive:
    /// a live writer analyses a large backlog in slices so commits are not held up. Call on
    /// the writer connection. Throws SqlError.
    AnalysisSummary run(Database &db, const std::string &actor, bool rebuild = false, std::int64_t maxEvents = 0);
    /// True when events or indicators arrived that no run has examined yet: a run now would
    /// find something (a caller that runs unasked skips an empty run and its audit entry).
    static bool hasWork(Database &db);

    const ForensicSettings &settings() const { return m_settings; }

private:
    struct Pending;
    /// Indicators known at the previous run, matched against new events, and indicators
    /// added since, matched against every event.
    struct Matchers {
        IndicatorMatcher current, added;
    };
    void load(Database &db);
    void examineEvents(Database &db, std::int64_t from, std::int64_t upto, std::int64_t analysisId,
                       const Matchers &matchers, Pending &pending, AnalysisSummary &summary);
    void matchEarlierEvents(Database &db, std::int64_t upto, const IndicatorMatcher &added, Pending &pending);
    void deriveAndMatch(Database &db, Pending &pending, bool campaignsChanged, const std::set<std::int64_t> &accounts,
                        const std::string &actor, AnalysisSummary &summary);
    void writeClusters(Database &db, Pending &pending, std::int64_t analysisId);

    ForensicSettings m_settings;
    const Clock &m_clock;
    bool m_loaded = false;
    NearDuplicateIndex m_suffixes, m_families;
    std::vector<std::int64_t> m_suffixIds, m_familyIds;   ///< index position → clusters.id
    ActivityLedger m_ledger;
};

} // namespace cordon::core::forensics
