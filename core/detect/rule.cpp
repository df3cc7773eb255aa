#include "core/detect/rule.h"

#include "core/detect/builtin_rules.h"
#include "core/store/case_settings.h"

#include <algorithm>

namespace cordon::core {
namespace {

using json = nlohmann::json;

struct Bad {
    std::string reason;
};

SignalSet signalSet(const json &rule, const char *key)
{
    SignalSet set = 0;
    auto it = rule.find(key);
    if (it == rule.end())
        return 0;
    if (!it->is_array())
        throw Bad{std::string("\"") + key + "\" must be an array of signal names"};
    for (const json &name : *it) {
        const auto s = name.is_string() ? signalFromName(name.get<std::string>()) : std::nullopt;
        if (!s)
            throw Bad{"unknown signal " + name.dump() + " in \"" + key + "\""};
        set |= bit(*s);
    }
    return set;
}

Rule::GroupBy groupBy(const std::string &s)
{
    if (s == "none")
        return Rule::GroupBy::None;
    if (s == "account")
        return Rule::GroupBy::Account;
    if (s == "session")
        return Rule::GroupBy::Session;
    if (s == "source_ip")
        return Rule::GroupBy::SourceIp;
    if (s == "model")
        return Rule::GroupBy::Model;
    throw Bad{"group_by must be none, account, session, source_ip or model, not \"" + s + "\""};
}

Rule parseRule(const json &j)
{
    Rule r;
    r.id = j.value("id", "");
    if (r.id.empty())
        throw Bad{"a rule needs an \"id\""};
    r.title = j.value("title", r.id);
    for (const json &k : j.value("kinds", json::array()))
        r.kinds.push_back(k.get<std::string>());
    r.anyOf = signalSet(j, "any");
    r.allOf = signalSet(j, "all");
    r.ratioOf = signalSet(j, "ratio_of");
    r.groupBy = groupBy(j.value("group_by", "none"));
    const double minutes = j.value("window_minutes", 60.0);
    if (minutes <= 0)
        throw Bad{"window_minutes must be positive"};
    r.window = static_cast<TimeUs>(minutes * 60e6);
    r.groupFor = std::max(r.window, static_cast<TimeUs>(j.value("group_minutes", 24.0 * 60) * 60e6));
    const std::string measure = j.value("measure", "count");
    if (measure == "count") {
        r.measure = Rule::Measure::Count;
    } else if (measure.starts_with("distinct:")) {
        r.measure = Rule::Measure::Distinct;
        r.field = measure.substr(9);
        if (r.field != "account" && r.field != "session" && r.field != "source_ip")
            throw Bad{"distinct: counts account, session or source_ip"};
    } else if (measure.starts_with("sum:")) {
        r.measure = Rule::Measure::Sum;
        r.field = measure.substr(4);
        if (r.field != "input_tokens" && r.field != "output_tokens" && r.field != "tokens")
            throw Bad{"sum: adds input_tokens, output_tokens or tokens"};
    } else if (measure == "ratio") {
        r.measure = Rule::Measure::Ratio;
        if (!r.ratioOf)
            throw Bad{"a ratio needs \"ratio_of\": the signalSet whose share is measured"};
    } else if (measure == "spike") {
        r.measure = Rule::Measure::Spike;
        r.baselineWindows = j.value("baseline_windows", 12);
        if (r.baselineWindows < 2)
            throw Bad{"baseline_windows must be at least 2"};
    } else {
        throw Bad{"measure must be count, distinct:FIELD, sum:FIELD, ratio or spike, not \"" + measure + "\""};
    }
    r.minEvents = j.value("min_events", std::int64_t(1));
    r.minHits = j.value("min_hits", std::int64_t(0));
    for (const json &l : j.value("levels", json::array())) {
        Rule::Level level;
        level.above = l.value("above", 0.0);
        const auto severity = severityFromString(l.value("severity", ""));
        if (!severity)
            throw Bad{"each level needs a severity of Critical, High, Medium or Low"};
        level.severity = *severity;
        level.criterion = l.value("criterion", "");
        if (level.criterion.empty())
            throw Bad{"each level needs a \"criterion\" saying why it fired"};
        r.levels.push_back(std::move(level));
    }
    if (r.levels.empty())
        throw Bad{"a rule needs at least one level"};
    std::sort(r.levels.begin(), r.levels.end(), [](const auto &a, const auto &b) { return a.above < b.above; });
    for (const json &a : j.value("recommended_actions", json::array()))
        r.recommendedActions.push_back(a.get<std::string>());
    return r;
}

} // namespace

bool Rule::selects(std::string_view kind, SignalSet signalSet) const
{
    if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
        return false;
    if (anyOf && !(signalSet & anyOf))
        return false;
    return (signalSet & allOf) == allOf;
}

Expected<DetectionConfig> DetectionConfig::fromJson(const nlohmann::json &j)
{
    DetectionConfig c;
    std::string where = "the configuration";
    try {
        if (!j.is_object() || !j.contains("rules") || !j["rules"].is_array())
            throw Bad{"expected an object with a \"rules\" array"};
        for (const json &r : j["rules"]) {
            where = "rule " + (r.is_object() ? r.value("id", std::string("#") + std::to_string(c.rules.size() + 1)) : "?");
            if (!r.is_object())
                throw Bad{"a rule must be an object"};
            if (!r.value("enabled", true))
                continue;
            c.rules.push_back(parseRule(r));
        }
        where = "the triage policy";
        if (auto t = j.find("triage"); t != j.end()) {
            auto policy = TriagePolicy::fromJson(*t);
            if (!policy)
                throw Bad{policy.error().message};
            c.triage = std::move(*policy);
        }
        where = "the scanner settings";
        if (auto s = j.find("scanners"); s != j.end()) {
            c.scanners.suffixThreshold = s->value("suffix_threshold", c.scanners.suffixThreshold);
            if (auto p = s->find("privileged_tool_prefixes"); p != s->end())
                c.scanners.privilegedToolPrefixes = p->get<std::vector<std::string>>();
            c.scanners.maxTokenLifetime =
                static_cast<TimeUs>(s->value("max_token_lifetime_hours", 24.0) * 3600e6);
            c.scanners.maxTokensRequest = s->value("max_tokens_request", c.scanners.maxTokensRequest);
        }
    } catch (const Bad &b) {
        return Error{ErrorCode::Invalid, where + ": " + b.reason};
    } catch (const json::exception &e) {
        return Error{ErrorCode::Invalid, where + ": " + e.what()};
    }
    return c;
}

const DetectionConfig &DetectionConfig::builtIn()
{
    static const DetectionConfig config = [] {
        auto parsed = fromJson(json::parse(builtinDetectionJson()));
        if (!parsed)
            throw std::logic_error("the built-in detection rules are invalid: " + parsed.error().message);
        return std::move(parsed.value());
    }();
    return config;
}

namespace {
constexpr const char *kRulesKey = "detection_rules";
} // namespace

Expected<DetectionConfig> DetectionConfig::forCase(Database &db)
{
    const auto j = readSetting(db, kRulesKey);
    if (!j)
        return builtIn();
    auto config = fromJson(*j);
    if (!config)
        return Error{ErrorCode::Corrupt, "the case's own detection rules are unusable: " + config.error().message};
    return config;
}

std::string DetectionConfig::caseJson(Database &db)
{
    const auto j = readSetting(db, kRulesKey);
    return j ? j->dump(2) + "\n" : std::string(builtinDetectionJson());
}

Status DetectionConfig::storeForCase(Database &db, const Clock &clock, const std::string &actor, const json &j)
{
    const bool reset = j.is_object() && j.empty();
    if (!reset) {
        if (auto parsed = fromJson(j); !parsed)
            return parsed.error();
    }
    WriteTransaction txn(db);
    const TimeUs now = clock.now();
    if (reset)
        resetSetting(db, now, actor, kRulesKey);
    else
        writeSetting(db, now, actor, kRulesKey, j, {{"rules", j.value("rules", json::array()).size()}});
    txn.commit();
    return {};
}

TimeUs DetectionConfig::longestWindow() const
{
    TimeUs longest = 0;
    for (const Rule &r : rules)
        longest = std::max(longest, r.measure == Rule::Measure::Spike ? r.window * (r.baselineWindows + 1) : r.window);
    return longest;
}

TimeUs DetectionConfig::longestGrouping() const
{
    TimeUs longest = 0;
    for (const Rule &r : rules)
        longest = std::max(longest, r.groupFor);
    return longest;
}

} // namespace cordon::core
