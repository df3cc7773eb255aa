#include "core/response/actions.h"

#include "core/audit/audit_log.h"
#include "core/response/response_policy.h"
#include "core/util/text.h"

#include <array>

namespace cordon::core::response {
namespace {

constexpr std::array<std::string_view, 7> kStates = {"proposed", "approved", "rejected", "executed",
                                                     "failed",   "verified", "reverted"};

constexpr const char *kSelect =
    "SELECT id, type, target, parameters, state, reason, proposed_by, proposed_at, approved_by, approved_at,"
    " executed_at, verified_at, reverted_at, result, phase, origin, connector, rejected_by, rejected_at,"
    " executed_by, verified_by, reverted_by, failed_at, failure, attempts, revert_result FROM actions";

nlohmann::json jsonColumn(const Statement &st, int col, nlohmann::json fallback)
{
    if (st.isNull(col))
        return fallback;
    auto j = nlohmann::json::parse(st.textView(col), nullptr, false);
    return j.is_discarded() ? nlohmann::json(st.text(col)) : j;
}

Action readAction(const Statement &st)
{
    Action a;
    a.id = st.int64(0);
    a.type = st.text(1);
    a.target = st.text(2);
    a.parameters = jsonColumn(st, 3, nlohmann::json::object());
    a.state = actionStateFromString(st.text(4)).value_or(ActionState::Proposed);
    a.reason = st.optText(5).value_or("");
    a.proposedBy = st.text(6);
    a.proposedAt = st.int64(7);
    a.approvedBy = st.optText(8);
    a.approvedAt = st.optInt64(9);
    a.executedAt = st.optInt64(10);
    a.verifiedAt = st.optInt64(11);
    a.revertedAt = st.optInt64(12);
    a.result = jsonColumn(st, 13, nullptr);
    a.phase = phaseFromString(st.optText(14).value_or("")).value_or(Phase::Containment);
    a.origin = st.optText(15).value_or("");
    a.connector = st.optText(16).value_or("");
    a.rejectedBy = st.optText(17);
    a.rejectedAt = st.optInt64(18);
    a.executedBy = st.optText(19);
    a.verifiedBy = st.optText(20);
    a.revertedBy = st.optText(21);
    a.failedAt = st.optInt64(22);
    a.failure = st.optText(23);
    a.attempts = static_cast<int>(st.int64(24));
    a.revertResult = jsonColumn(st, 25, nullptr);
    return a;
}

std::string label(const Action &a)
{
    const ActionType *t = a.actionType();
    return "action " + std::to_string(a.id) + " (" + (t ? std::string(t->title) : a.type) + ")";
}

/// The action, or why it cannot be the subject of `verb` in one of `allowed` states.
Expected<Action> inState(Database &db, std::int64_t id, std::initializer_list<ActionState> allowed,
                         std::string_view verb)
{
    auto a = findAction(db, id);
    if (!a)
        return Error{ErrorCode::Invalid, "there is no action " + std::to_string(id)};
    for (ActionState s : allowed) {
        if (a->state == s)
            return *a;
    }
    const std::string what = label(*a) + " is " + std::string(toString(a->state));
    if (verb == "executed" && a->state == ActionState::Proposed)
        return Error{ErrorCode::Invalid, what + ": it must be approved before it is executed"};
    if (verb == "reverted" && a->state == ActionState::Failed)
        return Error{ErrorCode::Invalid, what + ": it never took effect, so there is nothing to revert"};
    if (verb == "reverted" && (a->state == ActionState::Proposed || a->state == ActionState::Approved))
        return Error{ErrorCode::Invalid, what + ": it has not been executed, so there is nothing to revert"};
    return Error{ErrorCode::Invalid, what + "; it cannot be " + std::string(verb) + " now"};
}

void audit(Database &db, TimeUs now, const std::string &actor, std::string action, std::int64_t id,
           nlohmann::json detail)
{
    AuditLog::record(db, now, {actor, std::move(action), "action", id, std::move(detail)});
}

Status needsActor(const std::string &actor)
{
    return requireName(actor, "a response decision");
}

} // namespace

std::string_view toString(ActionState s)
{
    return kStates[static_cast<std::size_t>(s)];
}

std::optional<ActionState> actionStateFromString(std::string_view s)
{
    for (std::size_t i = 0; i < kStates.size(); ++i) {
        if (kStates[i] == s)
            return static_cast<ActionState>(i);
    }
    return std::nullopt;
}

std::string Action::description() const
{
    const ActionType *t = actionType();
    return t ? describeAction(*t, target, parameters) : type + ": " + target;
}

Expected<Proposed> proposeAction(Database &db, const Clock &clock, const ActionProposal &p)
{
    if (auto s = needsActor(p.proposedBy); !s)
        return s.error();
    const ActionType *type = findActionType(p.type);
    if (!type)
        return Error{ErrorCode::Invalid, "there is no action type " + p.type};
    auto parameters = validateParameters(*type, p.target, p.parameters);
    if (!parameters)
        return parameters.error();

    WriteTransaction txn(db);
    Statement open = db.prepare("SELECT id FROM actions WHERE type = ? AND target = ?"
                                " AND state IN ('proposed', 'approved', 'executed', 'failed', 'verified')");
    open.bindText(1, p.type).bindText(2, p.target);
    if (open.step())
        return Proposed{open.int64(0), false};
    open.reset();

    std::string connector = p.connector;
    if (connector.empty()) {
        auto policy = responsePolicy(db);
        if (!policy)
            return policy.error();
        connector = policy->defaultConnector;
    }
    const TimeUs now = clock.now();
    Statement ins = db.prepare(
        "INSERT INTO actions (type, target, parameters, state, reason, proposed_by, proposed_at, phase, origin,"
        " connector, attempts, updated_at) VALUES (?, ?, ?, 'proposed', ?, ?, ?, ?, ?, ?, 0, ?)");
    ins.bindText(1, p.type).bindText(2, p.target).bindText(3, parameters->dump()).bindText(4, nonEmpty(p.reason));
    ins.bindText(5, p.proposedBy).bind(6, now).bindText(7, core::toString(type->phase)).bindText(8, nonEmpty(p.origin));
    ins.bindText(9, nonEmpty(connector)).bind(10, now);
    ins.run();
    const std::int64_t id = db.lastInsertRowId();
    nlohmann::json detail = {{"type", p.type}, {"target", p.target}};
    if (!p.origin.empty())
        detail["origin"] = p.origin;
    if (!p.reason.empty())
        detail["reason"] = p.reason;
    audit(db, now, p.proposedBy, "action.propose", id, detail);
    txn.commit();
    return Proposed{id, true};
}

std::optional<Action> findAction(Database &db, std::int64_t id)
{
    Statement st = db.prepare(std::string(kSelect) + " WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readAction(st);
}

std::vector<Action> listActions(Database &db)
{
    std::vector<Action> out;
    Statement st = db.prepare(std::string(kSelect) + " ORDER BY proposed_at DESC, id DESC");
    while (st.step())
        out.push_back(readAction(st));
    return out;
}

Status approvalRefusal(Database &db, std::int64_t id, const std::string &actor)
{
    auto a = inState(db, id, {ActionState::Proposed}, "approved");
    if (!a)
        return a.error();
    auto policy = responsePolicy(db);
    if (!policy)
        return policy.error();
    const ActionType *type = a->actionType();
    if (policy->twoPersonApproval && type && type->needsSecondApprover) {
        if (actor == a->proposedBy)
            return Error{ErrorCode::Invalid, label(*a) + " needs a second person's approval: " + actor
                                                 + " proposed it and cannot approve it too"};
        if (!holdsRole(db, actor, policy->approverRole))
            return Error{ErrorCode::Invalid, label(*a) + " needs approval by the "
                                                 + std::string(roleTitle(policy->approverRole))
                                                 + "; " + actor + " is not on the roster in that role"};
    }
    return {};
}

Status approveAction(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                     const std::string &reason)
{
    if (auto s = needsActor(actor); !s)
        return s;
    WriteTransaction txn(db);
    if (auto refused = approvalRefusal(db, id, actor); !refused)
        return refused;
    const TimeUs now = clock.now();
    Statement up = db.prepare("UPDATE actions SET state = 'approved', approved_by = ?, approved_at = ?, updated_at = ?"
                              " WHERE id = ?");
    up.bindText(1, actor).bind(2, now).bind(3, now).bind(4, id);
    up.run();
    nlohmann::json detail = {{"from", "proposed"}, {"to", "approved"}};
    if (!reason.empty())
        detail["reason"] = reason;
    audit(db, now, actor, "action.approve", id, detail);
    txn.commit();
    return {};
}

Status rejectAction(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                    const std::string &reason)
{
    if (auto s = needsActor(actor); !s)
        return s;
    if (isBlank(reason))
        return Error{ErrorCode::Invalid, "rejecting a proposed action needs a reason"};
    WriteTransaction txn(db);
    auto a = inState(db, id, {ActionState::Proposed}, "rejected");
    if (!a)
        return a.error();
    const TimeUs now = clock.now();
    Statement up = db.prepare("UPDATE actions SET state = 'rejected', rejected_by = ?, rejected_at = ?, updated_at = ?"
                              " WHERE id = ?");
    up.bindText(1, actor).bind(2, now).bind(3, now).bind(4, id);
    up.run();
    audit(db, now, actor, "action.reject", id, {{"from", "proposed"}, {"to", "rejected"}, {"reason", reason}});
    txn.commit();
    return {};
}

Expected<Action> actionToExecute(Database &db, std::int64_t id)
{
    return inState(db, id, {ActionState::Approved, ActionState::Failed}, "executed");
}

Expected<Action> actionToTry(Database &db, std::int64_t id)
{
    return inState(db, id, {ActionState::Proposed, ActionState::Approved, ActionState::Failed}, "tried");
}

Expected<Action> actionToRevert(Database &db, std::int64_t id)
{
    return inState(db, id, {ActionState::Executed, ActionState::Verified}, "reverted");
}

Status recordExecution(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                       const DeliveryOutcome &outcome)
{
    if (auto s = needsActor(actor); !s)
        return s;
    WriteTransaction txn(db);
    auto a = actionToExecute(db, id);
    if (!a)
        return a.error();
    const TimeUs now = clock.now();
    const std::string from(toString(a->state));
    if (outcome.ok) {
        Statement up = db.prepare(
            "UPDATE actions SET state = 'executed', executed_by = ?, executed_at = ?, attempts = attempts + ?,"
            " result = ?, failure = NULL, updated_at = ? WHERE id = ?");
        up.bindText(1, actor).bind(2, now).bind(3, outcome.attempts).bindText(4, outcome.response.dump());
        up.bind(5, now).bind(6, id);
        up.run();
        audit(db, now, actor, "action.execute", id,
              {{"from", from}, {"to", "executed"}, {"attempts", outcome.attempts}, {"connector", a->connector}});
    } else {
        Statement up = db.prepare(
            "UPDATE actions SET state = 'failed', failed_at = ?, failure = ?, attempts = attempts + ?, result = ?,"
            " updated_at = ? WHERE id = ?");
        up.bind(1, now).bindText(2, outcome.error).bind(3, outcome.attempts).bindText(4, outcome.response.dump());
        up.bind(5, now).bind(6, id);
        up.run();
        audit(db, now, actor, "action.fail", id,
              {{"from", from}, {"to", "failed"}, {"attempts", outcome.attempts}, {"error", outcome.error}});
    }
    txn.commit();
    return {};
}

Status recordDryRun(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                    const DeliveryOutcome &outcome)
{
    if (auto s = needsActor(actor); !s)
        return s;
    WriteTransaction txn(db);
    auto a = inState(db, id, {ActionState::Proposed, ActionState::Approved, ActionState::Failed, ActionState::Executed,
                              ActionState::Verified}, "tried in a dry run");
    if (!a)
        return a.error();
    nlohmann::json detail = {{"ok", outcome.ok}, {"response", outcome.response}};
    if (!outcome.ok)
        detail["error"] = outcome.error;
    audit(db, clock.now(), actor, "action.dry_run", id, detail);
    txn.commit();
    return {};
}

Status verifyAction(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                    const std::string &note)
{
    if (auto s = needsActor(actor); !s)
        return s;
    WriteTransaction txn(db);
    auto a = inState(db, id, {ActionState::Executed}, "verified");
    if (!a)
        return a.error();
    const TimeUs now = clock.now();
    Statement up = db.prepare("UPDATE actions SET state = 'verified', verified_by = ?, verified_at = ?, updated_at = ?"
                              " WHERE id = ?");
    up.bindText(1, actor).bind(2, now).bind(3, now).bind(4, id);
    up.run();
    nlohmann::json detail = {{"from", "executed"}, {"to", "verified"}};
    if (!note.empty())
        detail["note"] = note;
    audit(db, now, actor, "action.verify", id, detail);
    txn.commit();
    return {};
}

Status recordRevert(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                    const DeliveryOutcome &outcome)
{
    if (auto s = needsActor(actor); !s)
        return s;
    WriteTransaction txn(db);
    auto a = actionToRevert(db, id);
    if (!a)
        return a.error();
    const TimeUs now = clock.now();
    const std::string from(toString(a->state));
    if (outcome.ok) {
        Statement up = db.prepare("UPDATE actions SET state = 'reverted', reverted_by = ?, reverted_at = ?,"
                                  " revert_result = ?, updated_at = ? WHERE id = ?");
        up.bindText(1, actor).bind(2, now).bindText(3, outcome.response.dump()).bind(4, now).bind(5, id);
        up.run();
        audit(db, now, actor, "action.revert", id, {{"from", from}, {"to", "reverted"}, {"attempts", outcome.attempts}});
    } else {
        nlohmann::json failed = {{"error", outcome.error}, {"response", outcome.response}};
        Statement up = db.prepare("UPDATE actions SET revert_result = ?, updated_at = ? WHERE id = ?");
        up.bindText(1, failed.dump()).bind(2, now).bind(3, id);
        up.run();
        audit(db, now, actor, "action.revert_fail", id, {{"state", from}, {"error", outcome.error}});
    }
    txn.commit();
    return {};
}

} // namespace cordon::core::response
