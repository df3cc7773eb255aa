#include "core/sim/simulator.h"

#include "core/sim/benign_traffic.h"
#include "core/sim/incidents.h"
#include "core/util/time_format.h"

#include <algorithm>
#include <map>
#include <set>

namespace cordon::core::sim {
namespace {

/// What the ground truth collects about one incident while events are written.
struct Truth {
    std::set<std::string> accounts, sessions, ips;
    std::vector<std::string> eventIds;
    std::map<int, std::vector<std::string>> families;
    std::map<std::string, std::int64_t> phases;
    TimeUs first = 0, last = 0;
};

struct Expectation {
    const char *alert;
    const char *severity;
};

Expectation expectationFor(std::string_view incident)
{
    if (incident == "jailbreak-campaign")
        return {"jailbreak_campaign", "High"};
    if (incident == "prompt-injection")
        return {"system_prompt_leak", "High"};
    if (incident == "pii-leak")
        return {"pii_in_output", "High"};
    if (incident == "token-exhaustion")
        return {"token_exhaustion", "Medium"};
    return {"auth_bypass", "Critical"};
}

} // namespace

Simulator::Simulator(SimulationConfig config) : m_config(std::move(config)) {}

std::string Simulator::toJsonLine(const SimEvent &e)
{
    nlohmann::json j;
    j["time"] = formatRfc3339(e.time);
    j["id"] = e.id;
    j["kind"] = e.kind;
    j["source"] = "sim-gateway";
    auto put = [&](const char *key, const std::string &v) {
        if (!v.empty())
            j[key] = v;
    };
    put("account", e.account);
    put("session", e.session);
    put("source_ip", e.sourceIp);
    put("user_agent", e.userAgent);
    put("model", e.model);
    put("model_version", e.modelVersion);
    put("provider", e.provider);
    put("prompt", e.prompt);
    put("output", e.output);
    if (e.inputTokens)
        j["input_tokens"] = *e.inputTokens;
    if (e.outputTokens)
        j["output_tokens"] = *e.outputTokens;
    if (!e.flags.empty())
        j["flags"] = e.flags;
    if (!e.attributes.empty())
        j["attributes"] = e.attributes;
    return j.dump();
}

nlohmann::json Simulator::run(const Sink &sink, const TimeOverride &timeOverride)
{
    Rng rng(m_config.seed);
    std::vector<SimEvent> attacks;
    for (Incident incident : m_config.scenario.incidents) {
        // Each incident draws from its own stream, so adding one does not reshuffle another.
        Rng incidentRng(m_config.seed * 1000003 + static_cast<std::uint64_t>(incident) + 17);
        auto events = generateIncident(incident, incidentRng, m_config, m_config.events);
        attacks.insert(attacks.end(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
    }
    std::stable_sort(attacks.begin(), attacks.end(), [](const SimEvent &a, const SimEvent &b) { return a.time < b.time; });

    const std::int64_t benignCount = std::max<std::int64_t>(0, m_config.events - static_cast<std::int64_t>(attacks.size()));
    BenignTraffic benign(rng, m_config, benignCount);

    std::map<std::string, Truth> truths;
    std::int64_t written = 0, benignWritten = 0;
    std::size_t nextAttack = 0;
    SimEvent pendingBenign;
    bool haveBenign = benign.next(pendingBenign);
    const std::string idPrefix = "sim-" + std::to_string(m_config.seed) + "-";
    while (haveBenign || nextAttack < attacks.size()) {
        SimEvent current;
        if (nextAttack < attacks.size() && (!haveBenign || attacks[nextAttack].time <= pendingBenign.time)) {
            current = std::move(attacks[nextAttack++]);
        } else {
            current = std::move(pendingBenign);
            haveBenign = benign.next(pendingBenign);
            ++benignWritten;
        }
        current.id = idPrefix + std::to_string(++written);
        if (timeOverride)
            current.time = timeOverride(current);
        if (!current.incident.empty()) {
            Truth &t = truths[current.incident];
            if (t.eventIds.empty())
                t.first = current.time;
            t.last = current.time;
            t.accounts.insert(current.account);
            t.sessions.insert(current.session);
            t.ips.insert(current.sourceIp);
            t.eventIds.push_back(current.id);
            if (current.suffixFamily >= 0)
                t.families[current.suffixFamily].push_back(current.id);
            if (!current.phase.empty())
                t.phases[current.phase]++;
        }
        sink(current, toJsonLine(current));
    }

    nlohmann::json doc;
    doc["scenario"] = m_config.scenario.name;
    doc["seed"] = m_config.seed;
    doc["events"] = written;
    doc["benign_events"] = benignWritten;
    doc["start"] = formatRfc3339(m_config.start);
    doc["end"] = formatRfc3339(m_config.start + m_config.duration);
    doc["incidents"] = nlohmann::json::array();
    for (Incident incident : m_config.scenario.incidents) {
        const std::string id(incidentId(incident));
        const Truth &t = truths[id];
        const Expectation ex = expectationFor(id);
        nlohmann::json j = {{"id", id},
                            {"incident_type", incidentType(incident)},
                            {"expected_alert", ex.alert},
                            {"expected_severity", ex.severity},
                            {"accounts", t.accounts},
                            {"sessions", t.sessions},
                            {"source_ips", t.ips},
                            {"event_count", t.eventIds.size()},
                            {"event_ids", t.eventIds},
                            {"phases", t.phases}};
        if (!t.eventIds.empty()) {
            j["first_event_time"] = formatRfc3339(t.first);
            j["last_event_time"] = formatRfc3339(t.last);
        }
        if (!t.families.empty()) {
            nlohmann::json fam = nlohmann::json::object();
            for (const auto &[family, ids] : t.families)
                fam["family-" + std::to_string(family)] = ids;
            j["suffix_families"] = fam;
        }
        doc["incidents"].push_back(std::move(j));
    }
    return doc;
}

} // namespace cordon::core::sim
