#pragma once

#include "core/domain/case_info.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cordon::core::response {

/// What an action acts on; the target string names one of these.
enum class TargetKind { Account, Session, User, Pattern, Agent, Category, Model, Global, Feature };
std::string_view toString(TargetKind k);

/// One parameter of an action type.
struct ActionParameter {
    enum class Kind { Text, Integer, Number, Choice, TextList } kind = Kind::Text;
    std::string_view name;
    std::string_view label;
    bool required = false;
    std::vector<std::string_view> choices;   ///< for Choice
    double min = 0, max = 0;                 ///< for Integer and Number, when max > min
};

/// A kind of containment, remediation or recovery action Cordon knows how to ask for.
struct ActionType {
    std::string_view id;          ///< e.g. "account.suspend": what connectors receive
    std::string_view title;       ///< "Suspend account"
    std::string_view revertTitle; ///< what reverting it does: "Lift the suspension"
    TargetKind target = TargetKind::Account;
    Phase phase = Phase::Containment;
    /// Destructive or broad: needs a second person's approval when the case's policy says so.
    bool needsSecondApprover = false;
    std::vector<ActionParameter> parameters;
};

/// Every action type, in the order the Response page offers them.
const std::vector<ActionType> &actionTypes();
const ActionType *findActionType(std::string_view id);

/// Checks a proposal's target and parameters against its type: required parameters present,
/// numbers in range, choices known, no parameter the type does not take. Returns the
/// parameters with defaults filled in, or why they are unusable.
Expected<nlohmann::json> validateParameters(const ActionType &type, const std::string &target,
                                            const nlohmann::json &parameters);

/// One line saying what executing (or reverting) the action will do, for previews and logs:
/// "Suspend account u-1042 for 24 h (jailbreak campaign)".
std::string describeAction(const ActionType &type, const std::string &target, const nlohmann::json &parameters,
                           bool revert = false);

} // namespace cordon::core::response
