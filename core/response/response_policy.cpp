#include "core/response/response_policy.h"

#include "core/store/case_settings.h"

namespace cordon::core::response {
namespace {
constexpr const char *kPolicyKey = "response_policy";
}

nlohmann::json ResponsePolicy::toJson() const
{
    return {{"two_person_approval", twoPersonApproval},
            {"approver_role", toString(approverRole)},
            {"default_connector", defaultConnector}};
}

Expected<ResponsePolicy> ResponsePolicy::fromJson(const nlohmann::json &j)
{
    if (!j.is_object())
        return Error{ErrorCode::Invalid, "the response policy must be a JSON object"};
    ResponsePolicy p;
    try {
        p.twoPersonApproval = j.value("two_person_approval", false);
        const std::string role = j.value("approver_role", std::string(toString(p.approverRole)));
        const auto r = roleFromString(role);
        if (!r)
            return Error{ErrorCode::Invalid, "the response policy names an unknown approver role: " + role};
        p.approverRole = *r;
        p.defaultConnector = j.value("default_connector", std::string());
    } catch (const nlohmann::json::exception &e) {
        return Error{ErrorCode::Invalid, std::string("the response policy is malformed: ") + e.what()};
    }
    return p;
}

Expected<ResponsePolicy> responsePolicy(Database &db)
{
    const auto stored = readSetting(db, kPolicyKey);
    if (!stored)
        return ResponsePolicy{};
    auto p = ResponsePolicy::fromJson(*stored);
    if (!p)
        return Error{ErrorCode::Corrupt, "the case's response policy is unusable: " + p.error().message};
    return p;
}

Status storeResponsePolicy(Database &db, const Clock &clock, const std::string &actor, const ResponsePolicy &policy)
{
    WriteTransaction txn(db);
    writeSetting(db, clock.now(), actor, kPolicyKey, policy.toJson(),
                 {{"two_person_approval", policy.twoPersonApproval}, {"approver_role", toString(policy.approverRole)}});
    txn.commit();
    return {};
}

} // namespace cordon::core::response
