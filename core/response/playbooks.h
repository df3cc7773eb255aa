#pragma once

#include "core/domain/case_info.h"
#include "core/response/roster.h"

#include <nlohmann/json.hpp>

namespace cordon::core::response {

/// A MITRE ATLAS technique (resources/atlas/techniques.csv).
struct AtlasTechnique {
    std::string id, name, tactics;
};
/// The technique with this id, from the table built into the program.
std::optional<AtlasTechnique> atlasTechnique(std::string_view id);

/// How a playbook action template picks what to act on when the playbook is applied.
///  campaign_accounts: accounts in a campaign forensics found; flagged_accounts: accounts
///  meeting the suspension criteria; suspicious_accounts: risky accounts below them;
///  suffix_clusters: suffix clusters shared by accounts; fixed: the template's own target.
struct ActionTemplate {
    std::string type, targets, target;
    nlohmann::json parameters = nlohmann::json::object();
};

struct PlaybookTask {
    std::string title;
    Role owner = Role::SecurityAnalyst;
};

/// A phase of the response with its time box, in minutes after the incident was declared.
struct PlaybookPhase {
    Phase phase = Phase::Containment;
    int fromMinutes = 0, toMinutes = 0;
    std::vector<PlaybookTask> tasks;
};

/// What to do for one type of incident (resources/playbooks/<id>.json).
struct Playbook {
    std::string id, title, incidentType, summary;
    std::vector<AtlasTechnique> atlas;
    std::vector<std::string> regulatory;
    std::vector<PlaybookPhase> phases;
    std::vector<ActionTemplate> actions;
};

/// Reads and checks a playbook: known phases in order with sensible time boxes, owners that
/// are roster roles, ATLAS ids that exist, action types and target selectors Cordon knows
/// and parameters they accept.
Expected<Playbook> parsePlaybook(const nlohmann::json &j);
/// Every playbook built into the program, by title. Throws if one of them is unusable (the
/// tests see to it that none is).
const std::vector<Playbook> &builtinPlaybooks();
const Playbook *findPlaybook(std::string_view id);

} // namespace cordon::core::response
