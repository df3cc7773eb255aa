#pragma once

// A case whose alerts come from the real detection engine over events the test writes: the
// alerts carry the severities, SLAs and escalation targets the built-in rules give them.
#include "test_support.h"

#include "core/detect/detection_engine.h"

#include <fstream>

namespace cordon::test {

inline std::unique_ptr<core::CaseFile> caseFromEvents(const QString &dir, const std::vector<nlohmann::json> &events,
                                                      const core::Clock &clock,
                                                      const QString &name = QStringLiteral("alerts.cordon"))
{
    const std::string path = str(dir) + "/events.jsonl";
    std::ofstream out(path);
    for (const auto &e : events)
        out << e.dump() << '\n';
    out.close();
    auto file = newCase(dir + QStringLiteral("/") + name);
    if (!core::Importer(*file, clock).run({path}).ok())
        qFatal("import failed");
    core::DetectionEngine(core::DetectionConfig::builtIn(), clock).run(file->db());
    return file;
}

/// Events that raise a High jailbreak_attempts alert for `account` (six flagged attempts).
inline std::vector<nlohmann::json> jailbreakAttempts(const std::string &account, const std::string &day = "2026-11-20")
{
    std::vector<nlohmann::json> out;
    for (int i = 0; i < 6; ++i)
        out.push_back({{"time", day + "T01:5" + std::to_string(i) + ":00Z"}, {"kind", "llm.request"},
                       {"account", account}, {"prompt", "attempt " + std::to_string(i)}, {"flags", {"jailbreak_detected"}}});
    return out;
}

/// Events that raise a pii_in_output alert for `account` (one output with personal data).
inline std::vector<nlohmann::json> personalDataLeak(const std::string &account)
{
    return {{{"time", "2026-11-20T01:40:00Z"}, {"kind", "llm.response"}, {"account", account},
             {"output", "Her card is 4111 1111 1111 1111"}, {"flags", {"pii"}}}};
}

} // namespace cordon::test
