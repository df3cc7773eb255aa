#pragma once

#include "core/detect/signals.h"
#include "core/domain/case_info.h"
#include "core/store/sqlite.h"
#include "core/triage/triage_policy.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cordon::core {

/// A detection rule, read from JSON (resources/rules/detection.json; docs/detection.md).
/// It selects events by kind and signals, groups them by a key, measures the group over a
/// sliding window of event time, and fires at the highest level the measure exceeds.
struct Rule {
    enum class GroupBy { None, Account, Session, SourceIp, Model };
    enum class Measure {
        Count,          ///< selected events
        Distinct,       ///< distinct values of `field` (account, session, source_ip)
        Sum,            ///< sum of `field` (input_tokens, output_tokens, tokens)
        Ratio,          ///< share of selected events that also carry one of `ratioOf`
        Spike,          ///< count in the window over the mean of the previous `baselineWindows`
                        ///< (a baseline below min_events counts as min_events: no spikes from noise)
    };
    struct Level {
        double above = 0;
        Severity severity = Severity::Low;
        std::string criterion;   ///< "{value}", "{count}", "{key}" and "{window}" are filled in
    };

    std::string id, title;
    std::vector<std::string> kinds;   ///< empty: any kind
    SignalSet anyOf = 0;              ///< at least one of these (0: no condition)
    SignalSet allOf = 0;              ///< all of these
    GroupBy groupBy = GroupBy::None;
    TimeUs window = 0;
    /// An alert keeps taking its group's matching events until the group has been quiet
    /// this long; then the next match raises a new alert. Bursts of one campaign hours
    /// apart thus stay one alert rather than one per burst.
    TimeUs groupFor = 0;
    Measure measure = Measure::Count;
    std::string field;
    SignalSet ratioOf = 0;
    std::int64_t minEvents = 1;       ///< the measure counts only from this many selected events
    std::int64_t minHits = 0;         ///< ratio: and only from this many events carrying `ratioOf`
    int baselineWindows = 12;
    std::vector<Level> levels;        ///< ascending by `above`
    std::vector<std::string> recommendedActions;   ///< rule-specific, before the severity's own

    bool selects(std::string_view kind, SignalSet signalSet) const;
};

/// Parameters of the scanners that compute signals.
struct ScannerSettings {
    double suffixThreshold = 0.3;
    std::vector<std::string> privilegedToolPrefixes = {"admin.", "shell", "exec_", "filesystem.write", "sudo"};
    TimeUs maxTokenLifetime = 24LL * 3600 * 1'000'000;
    std::int64_t maxTokensRequest = 8192;   ///< gen_ai.request.max_tokens at or above this is a signal
};

struct DetectionConfig {
    std::vector<Rule> rules;
    TriagePolicy triage = TriagePolicy::defaults();
    ScannerSettings scanners;

    /// The rules shipped with Cordon (resources/rules/detection.json, built in).
    static const DetectionConfig &builtIn();
    /// Parses a configuration; every problem is reported with the rule it is in.
    static Expected<DetectionConfig> fromJson(const nlohmann::json &j);
    /// The rules a case uses: its own (set with storeForCase), else the built-in ones. A
    /// stored configuration that no longer parses is an error, not a silent fallback.
    static Expected<DetectionConfig> forCase(Database &db);
    /// The rules the case uses as JSON text (its own, else the built-in file), for export.
    static std::string caseJson(Database &db);
    /// Stores (or with an empty object, removes) the case's own rules; audited.
    static Status storeForCase(Database &db, const Clock &clock, const std::string &actor, const nlohmann::json &j);
    TimeUs longestWindow() const;
    TimeUs longestGrouping() const;
};

} // namespace cordon::core
