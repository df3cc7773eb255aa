#include "core/triage/triage_policy.h"

namespace cordon::core {

TriagePolicy TriagePolicy::defaults()
{
    constexpr TimeUs kMinute = 60'000'000;
    TriagePolicy p;
    p.levels[static_cast<std::size_t>(Severity::Critical)] = {
        15 * kMinute, "CISO and executive team",
        {"Page the incident commander and declare an incident", "Contain now: suspend the accounts or block the pattern involved",
         "Preserve evidence: export the linked events", "Notify legal/compliance if personal data may be involved"}};
    p.levels[static_cast<std::size_t>(Severity::High)] = {
        60 * kMinute, "Security director",
        {"Assign an analyst and acknowledge", "Rate-limit or suspend the accounts involved",
         "Review the linked prompts and outputs", "Check for the same pattern across other accounts"}};
    p.levels[static_cast<std::size_t>(Severity::Medium)] = {
        4 * 60 * kMinute, "Security team lead",
        {"Review within the shift", "Tighten rate limits if the pattern continues"}};
    p.levels[static_cast<std::size_t>(Severity::Low)] = {
        24 * 60 * kMinute, "", {"Review in the daily triage"}};
    return p;
}

Expected<TriagePolicy> TriagePolicy::fromJson(const nlohmann::json &j)
{
    TriagePolicy p = defaults();
    if (!j.is_object())
        return Error{ErrorCode::Invalid, "the triage policy must be a JSON object keyed by severity"};
    for (auto it = j.begin(); it != j.end(); ++it) {
        const auto severity = severityFromString(it.key());
        if (!severity)
            return Error{ErrorCode::Invalid, "unknown severity \"" + it.key() + "\" in the triage policy"};
        Level &level = p.levels[static_cast<std::size_t>(*severity)];
        const auto &v = it.value();
        if (auto m = v.find("sla_minutes"); m != v.end()) {
            if (!m->is_number() || m->get<double>() <= 0)
                return Error{ErrorCode::Invalid, it.key() + ".sla_minutes must be a positive number"};
            level.responseTime = static_cast<TimeUs>(m->get<double>() * 60e6);
        }
        if (auto e = v.find("escalate_to"); e != v.end() && e->is_string())
            level.escalationTarget = e->get<std::string>();
        if (auto a = v.find("actions"); a != v.end() && a->is_array()) {
            level.recommendedActions.clear();
            for (const auto &action : *a)
                level.recommendedActions.push_back(action.get<std::string>());
        }
    }
    return p;
}

} // namespace cordon::core
