#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <optional>
#include <string>
#include <vector>

namespace cordon::core::response {

/// Who a communication is for. Responders get notifications; the others get statements,
/// drafted from templates (resources/templates) and edited by a person before they go out.
enum class Audience { Responders, Stakeholders, AffectedUsers, Regulators };
std::string_view toString(Audience a);   ///< responders, stakeholders, affected_users, regulators
std::string_view audienceTitle(Audience a);
std::optional<Audience> audienceFromString(std::string_view s);
/// The audiences with a statement template.
const std::vector<Audience> &statementAudiences();

struct Draft {
    std::string subject, body;
    /// A statement as written down: a first line "Subject: …", then the body (blank lines
    /// between them dropped). Without that line, all of it is the body.
    static Draft fromText(std::string text);
};

/// The audience's template filled in with what the case knows now: title, type, phase,
/// milestones, affected accounts, open alerts, executed actions, running regulatory clocks
/// and who to contact from the roster. What only a person can say stays marked
/// "[to be completed: …]".
Expected<Draft> draftStatement(Database &db, const Clock &clock, Audience audience);

/// Records a statement in the communications log (audited communication.record). With no
/// channel it was sent by other means and is logged as recorded; with a Slack or webhook
/// channel it is queued there and sent like a notification.
Expected<std::int64_t> recordStatement(Database &db, const Clock &clock, const std::string &actor, Audience audience,
                                       const Draft &draft, const std::string &channel = {});

} // namespace cordon::core::response
