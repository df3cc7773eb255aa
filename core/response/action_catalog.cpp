#include "core/response/action_catalog.h"

#include "core/util/text.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace cordon::core::response {
namespace {

using P = ActionParameter;
using K = ActionParameter::Kind;
using T = TargetKind;

P reason(bool required)
{
    return {K::Text, "reason", "reason", required, {}, 0, 0};
}

const std::vector<std::string_view> kCapabilities = {"tool_execution", "external_api_calls", "code_generation",
                                                     "web_search", "file_access"};

std::string valueText(const nlohmann::json &v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_array()) {
        std::string out;
        for (const auto &item : v)
            out += (out.empty() ? "" : ", ") + valueText(item);
        return out;
    }
    return v.dump();
}

std::string numberText(double d)
{
    if (d == std::floor(d) && std::fabs(d) < 1e15)
        return std::to_string(static_cast<long long>(d));
    return std::to_string(d);
}

} // namespace

std::string_view toString(TargetKind k)
{
    static constexpr std::array<std::string_view, 9> names = {"account", "session", "user",  "pattern", "agent",
                                                              "category", "model",  "global", "feature"};
    return names[static_cast<std::size_t>(k)];
}

const std::vector<ActionType> &actionTypes()
{
    using enum Phase;
    static const std::vector<ActionType> all = {
        {"account.suspend", "Suspend account", "Lift the suspension", T::Account, Containment, true,
         {{K::Integer, "duration_hours", "hours", true, {}, 1, 24 * 365}, reason(true)}},
        {"account.rate_limit", "Rate-limit account", "Restore the account's rate limit", T::Account, Containment, false,
         {{K::Integer, "requests_per_hour", "requests/h", true, {}, 1, 1e6},
          {K::Integer, "previous_per_hour", "was requests/h", false, {}, 1, 1e6}, reason(false)}},
        {"session.terminate", "Terminate session", "Allow the session's user to reconnect", T::Session, Containment,
         false, {reason(false)}},
        {"user.block", "Block user", "Unblock the user", T::User, Containment, true, {reason(true)}},
        {"pattern.block", "Block input pattern", "Remove the input filter rule", T::Pattern, Containment, true,
         {{K::Choice, "match", "match", false, {"substring", "regex"}, 0, 0},
          {K::Text, "source", "from", false, {}, 0, 0}, reason(false)}},
        {"agent.circuit_break", "Open circuit breaker", "Close the circuit breaker", T::Agent, Containment, true,
         {{K::Choice, "capability", "capability", true, kCapabilities, 0, 0}, reason(false)}},
        {"category.human_review", "Route to human review", "Stop routing to human review", T::Category, Containment,
         false, {{K::Number, "threshold", "confidence above", true, {}, 0, 1}, reason(false)}},
        {"model.rollback", "Roll back model", "Return to the rolled-back version", T::Model, Containment, true,
         {{K::Text, "to_version", "to version", true, {}, 0, 0}, reason(false)}},
        {"model.fallback", "Switch to fallback model", "Switch back from the fallback", T::Model, Containment, true,
         {{K::Text, "fallback_model", "fallback", true, {}, 0, 0}, reason(false)}},
        {"tokens.revoke", "Revoke user's tokens", "Allow the user to sign in again", T::User, Containment, true,
         {reason(false)}},
        {"signing_key.rotate", "Rotate signing key (everyone re-authenticates)", "Accept the previous key again",
         T::Global, Containment, true, {reason(true)}},
        {"rate_limits.tighten", "Tighten rate limits", "Restore the previous rate limits", T::Global, Remediation, true,
         {{K::Integer, "requests_per_hour", "requests/h", true, {}, 1, 1e6}, reason(false)}},
        {"suffix_blocklist.update", "Update suffix blocklist", "Remove the suffixes from the blocklist", T::Global,
         Remediation, false,
         {{K::TextList, "suffixes", "suffixes", true, {}, 0, 0}, {K::Text, "source", "from", false, {}, 0, 0}}},
        {"detection_rule.add", "Add detection rule", "Remove the detection rule", T::Global, Remediation, false,
         {{K::Text, "rule_id", "rule", true, {}, 0, 0}, {K::Text, "rule", "definition", false, {}, 0, 0}}},
        {"patch.deploy", "Deploy patch", "Roll the patch back", T::Feature, Remediation, true,
         {{K::Choice, "stage", "to", true, {"canary", "everyone"}, 0, 0}, {K::Text, "patch", "patch", true, {}, 0, 0}}},
        {"account.unblock_monitored", "Unblock with enhanced monitoring", "Block the account again", T::Account,
         Recovery, false, {{K::Integer, "monitoring_days", "monitored days", true, {}, 1, 365}, reason(false)}},
        {"model.restore_primary", "Restore primary model", "Go back to the fallback", T::Model, Recovery, false,
         {reason(false)}},
        {"feature.restore", "Restore feature", "Disable the feature again", T::Feature, Recovery, false,
         {reason(false)}},
    };
    return all;
}

const ActionType *findActionType(std::string_view id)
{
    for (const ActionType &t : actionTypes()) {
        if (t.id == id)
            return &t;
    }
    return nullptr;
}

Expected<nlohmann::json> validateParameters(const ActionType &type, const std::string &target,
                                            const nlohmann::json &parameters)
{
    const std::string what = std::string(type.title);
    if (isBlank(target))
        return Error{ErrorCode::Invalid, what + " needs a " + std::string(toString(type.target)) + " to act on"};
    if (!parameters.is_null() && !parameters.is_object())
        return Error{ErrorCode::Invalid, what + ": parameters must be a JSON object"};
    nlohmann::json out = nlohmann::json::object();
    for (const ActionParameter &p : type.parameters) {
        const std::string name(p.name);
        if (!parameters.is_object() || !parameters.contains(name) || parameters[name].is_null()
            || (parameters[name].is_string() && parameters[name].get<std::string>().empty())) {
            if (p.required)
                return Error{ErrorCode::Invalid, what + " needs " + std::string(p.label) + " (" + name + ")"};
            continue;
        }
        const nlohmann::json &v = parameters[name];
        const std::string bad = what + ": " + name + " ";
        switch (p.kind) {
        case K::Text:
            if (!v.is_string())
                return Error{ErrorCode::Invalid, bad + "must be text"};
            break;
        case K::Integer:
        case K::Number: {
            if (!v.is_number() || (p.kind == K::Integer && !v.is_number_integer()))
                return Error{ErrorCode::Invalid, bad + (p.kind == K::Integer ? "must be a whole number" : "must be a number")};
            const double d = v.get<double>();
            if (p.max > p.min && (d < p.min || d > p.max || std::isnan(d)))
                return Error{ErrorCode::Invalid, bad + "must be between " + numberText(p.min) + " and " + numberText(p.max)};
            break;
        }
        case K::Choice: {
            const bool known = v.is_string() && std::find(p.choices.begin(), p.choices.end(), v.get<std::string>()) != p.choices.end();
            if (!known) {
                std::string list;
                for (auto c : p.choices)
                    list += (list.empty() ? "" : ", ") + std::string(c);
                return Error{ErrorCode::Invalid, bad + "must be one of " + list};
            }
            break;
        }
        case K::TextList:
            if (!v.is_array() || v.empty())
                return Error{ErrorCode::Invalid, bad + "must be a non-empty list of texts"};
            for (const auto &item : v) {
                if (!item.is_string() || item.get<std::string>().empty())
                    return Error{ErrorCode::Invalid, bad + "must be a non-empty list of texts"};
            }
            break;
        }
        out[name] = v;
    }
    if (parameters.is_object()) {
        for (const auto &[key, value] : parameters.items()) {
            if (!out.contains(key) && !value.is_null()
                && std::none_of(type.parameters.begin(), type.parameters.end(), [&](const ActionParameter &p) { return p.name == key; }))
                return Error{ErrorCode::Invalid, what + " takes no parameter " + key};
        }
    }
    return out;
}

std::string describeAction(const ActionType &type, const std::string &target, const nlohmann::json &parameters,
                           bool revert)
{
    std::string out = std::string(revert ? type.revertTitle : type.title);
    if (type.target != TargetKind::Global)
        out += ": " + target;
    if (revert || !parameters.is_object())
        return out;
    std::string details;
    for (const ActionParameter &p : type.parameters) {
        if (!parameters.contains(std::string(p.name)))
            continue;
        details += (details.empty() ? "" : "; ") + std::string(p.label) + " " + valueText(parameters[std::string(p.name)]);
    }
    return details.empty() ? out : out + " (" + details + ")";
}

} // namespace cordon::core::response
