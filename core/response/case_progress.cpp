#include "core/response/case_progress.h"

#include "core/audit/audit_log.h"
#include "core/response/roster.h"

namespace cordon::core::response {
namespace {

std::string column(Milestone m)
{
    return std::string(toString(m)) + "_at";
}

Phase currentPhase(Database &db)
{
    Statement st = db.prepare("SELECT phase FROM case_info WHERE id = 1");
    return st.step() ? phaseFromString(st.text(0)).value_or(Phase::Detection) : Phase::Detection;
}

} // namespace

Phase phaseAfter(Milestone m)
{
    switch (m) {
    case Milestone::Started:
    case Milestone::Detected: return Phase::Triage;
    case Milestone::Declared: return Phase::Containment;
    case Milestone::Contained: return Phase::Remediation;
    case Milestone::Remediated: return Phase::Recovery;
    case Milestone::Recovered:
    case Milestone::Closed: return Phase::Review;
    }
    return Phase::Detection;
}

Status setPhase(Database &db, const Clock &clock, const std::string &actor, Phase phase, bool allowBack)
{
    if (auto s = requireName(actor, "changing the case's phase"); !s)
        return s;
    WriteTransaction txn(db);
    const Phase from = currentPhase(db);
    if (from == phase)
        return Error{ErrorCode::Invalid, "the case is already in " + std::string(toString(phase))};
    if (phase < from && !allowBack)
        return Error{ErrorCode::Invalid, "the case is in " + std::string(toString(from)) + "; going back to "
                                             + std::string(toString(phase)) + " needs confirming"};
    Statement up = db.prepare("UPDATE case_info SET phase = ? WHERE id = 1");
    up.bindText(1, toString(phase));
    up.run();
    AuditLog::record(db, clock.now(), {actor, "case.phase", "case", 1, {{"from", toString(from)}, {"to", toString(phase)}}});
    txn.commit();
    return {};
}

Status setMilestone(Database &db, const Clock &clock, const std::string &actor, Milestone milestone,
                    std::optional<TimeUs> at)
{
    if (auto s = requireName(actor, "recording a milestone"); !s)
        return s;
    const TimeUs now = clock.now();
    const TimeUs when = at.value_or(now);
    if (when > now)
        return Error{ErrorCode::Invalid, "a milestone cannot be in the future"};
    WriteTransaction txn(db);
    Statement read = db.prepare("SELECT started_at, detected_at, declared_at, contained_at, remediated_at,"
                                " recovered_at, closed_at FROM case_info WHERE id = 1");
    if (!read.step())
        return Error{ErrorCode::Corrupt, "the case has no header row"};
    const auto index = static_cast<int>(milestone);
    for (int i = 0; i < static_cast<int>(kMilestones.size()); ++i) {
        const auto other = read.optInt64(i);
        if (!other || i == index)
            continue;
        const std::string name(toString(kMilestones[static_cast<std::size_t>(i)]));
        if (i < index && *other > when)
            return Error{ErrorCode::Invalid, std::string(toString(milestone)) + " cannot come before " + name};
        if (i > index && *other < when)
            return Error{ErrorCode::Invalid, std::string(toString(milestone)) + " cannot come after " + name};
    }
    read.reset();
    Statement up = db.prepare("UPDATE case_info SET " + column(milestone) + " = ? WHERE id = 1");
    up.bind(1, when);
    up.run();
    const Phase from = currentPhase(db), next = phaseAfter(milestone);
    if (next > from) {
        Statement phase = db.prepare("UPDATE case_info SET phase = ? WHERE id = 1");
        phase.bindText(1, toString(next));
        phase.run();
    }
    AuditLog::record(db, now, {actor, "case.milestone", "case", 1,
                               {{"milestone", toString(milestone)}, {"at", when}, {"phase", toString(std::max(from, next))}}});
    txn.commit();
    return {};
}

} // namespace cordon::core::response
