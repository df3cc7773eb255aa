#pragma once

#include "core/response/action_catalog.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cordon::core::response {

/// An action's lifecycle: proposed → approved → executed → verified → reverted; a proposal
/// can be rejected, an execution can fail (and be tried again). Reverting is recovery's undo
/// of an executed (or verified) action and stays on the same row, so the pair is seen together.
enum class ActionState { Proposed, Approved, Rejected, Executed, Failed, Verified, Reverted };
std::string_view toString(ActionState s);
std::optional<ActionState> actionStateFromString(std::string_view s);

/// An action as stored.
struct Action {
    std::int64_t id = 0;
    std::string type, target, reason, origin, connector;
    nlohmann::json parameters = nlohmann::json::object();
    Phase phase = Phase::Containment;
    ActionState state = ActionState::Proposed;
    std::string proposedBy;
    TimeUs proposedAt = 0;
    std::optional<std::string> approvedBy, rejectedBy, executedBy, verifiedBy, revertedBy;
    std::optional<TimeUs> approvedAt, rejectedAt, executedAt, verifiedAt, revertedAt, failedAt;
    std::optional<std::string> failure;
    int attempts = 0;
    nlohmann::json result, revertResult;   ///< what the connector answered (null when nothing yet)

    const ActionType *actionType() const { return findActionType(type); }
    std::string description() const;
};

/// A new action for the inbox.
struct ActionProposal {
    std::string type, target;
    nlohmann::json parameters = nlohmann::json::object();
    std::string reason;        ///< why it is proposed
    std::string origin;        ///< alert:12, campaign:3, cluster:7, playbook:<id>, or empty for a person
    std::string connector;     ///< empty: the case's default connector
    std::string proposedBy;
};

/// Adds a proposal, audited (action.propose). An open action (proposed, approved, executed or
/// verified) of the same type on the same target is not proposed twice: its id is returned
/// with created = false.
struct Proposed {
    std::int64_t id = 0;
    bool created = false;
};
Expected<Proposed> proposeAction(Database &db, const Clock &clock, const ActionProposal &proposal);

std::optional<Action> findAction(Database &db, std::int64_t id);
/// Every action, newest proposal first.
std::vector<Action> listActions(Database &db);

/// Approves a proposal. When the case's policy asks for it and the type is destructive or
/// broad, the approver must not be the proposer and must hold the policy's role in the roster.
Status approveAction(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                     const std::string &reason = {});
/// Whether `actor` may approve `id` now (read-only): the reason approveAction would refuse.
Status approvalRefusal(Database &db, std::int64_t id, const std::string &actor);
/// Rejects a proposal; the reason is required.
Status rejectAction(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                    const std::string &reason);

/// What a connector reported for one delivery of an action (execute or revert).
struct DeliveryOutcome {
    bool ok = false;
    int attempts = 1;
    nlohmann::json response = nlohmann::json::object();   ///< status, body, file, confirmation …
    std::string error;                                    ///< why it failed, when it did
};

/// Checks that `id` can be executed now (approved, or failed and being tried again) and
/// returns it; read-only, for the caller to deliver it outside any transaction.
Expected<Action> actionToExecute(Database &db, std::int64_t id);
/// Checks that `id` can be tried in a dry run (proposed, approved or failed) and returns it.
Expected<Action> actionToTry(Database &db, std::int64_t id);
/// Checks that `id` can be reverted now (executed or verified) and returns it.
Expected<Action> actionToRevert(Database &db, std::int64_t id);

/// Records a delivery: executed, or failed with the error; audited action.execute or
/// action.fail. Refused when the action moved on meanwhile.
Status recordExecution(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                       const DeliveryOutcome &outcome);
/// Records a dry run (nothing changed at the target); the action keeps its state.
Status recordDryRun(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                    const DeliveryOutcome &outcome);
/// A person confirms that an executed action had its effect (action.verify).
Status verifyAction(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                    const std::string &note = {});
/// Records a revert delivery: reverted when it succeeded; otherwise the action stays as it
/// was and the failure is kept in revert_result (action.revert or action.revert_fail).
Status recordRevert(Database &db, const Clock &clock, std::int64_t id, const std::string &actor,
                    const DeliveryOutcome &outcome);

} // namespace cordon::core::response
