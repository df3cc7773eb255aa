#include "core/forensics/forensic_settings.h"

namespace cordon::core::forensics {

nlohmann::json ForensicSettings::toJson() const
{
    return {{"suffix_threshold", suffixThreshold},
            {"suffix_similarity", suffixClusters.threshold},
            {"family_similarity", families.threshold},
            {"campaign_overlap", campaigns.overlapThreshold},
            {"campaign_temporal", campaigns.temporalThreshold},
            {"campaign_infrastructure", campaigns.infrastructureThreshold},
            {"campaign_bin_seconds", campaigns.bin / 1'000'000},
            {"campaign_min_accounts", campaigns.minAccounts},
            {"suspend_after_attempts", profiles.suspendAfterAttempts},
            {"suspend_after_violations", profiles.suspendAfterViolations},
            {"suspend_campaign_members", profiles.suspendCampaignMembers},
            {"token_max_lifetime_hours", auth.maxLifetime / 3'600'000'000},
            {"auth_failure_window_minutes", auth.failureWindow / 60'000'000},
            {"travel_max_kmh", static_cast<long long>(auth.maxSpeedKmh)}};
}

Expected<ForensicSettings> ForensicSettings::fromJson(const nlohmann::json &j)
{
    ForensicSettings s;
    if (!j.is_object())
        return Error{ErrorCode::Invalid, "forensic settings must be a JSON object"};
    const auto fraction = [&](const char *key, double &out) -> std::optional<Error> {
        if (!j.contains(key))
            return std::nullopt;
        if (!j[key].is_number() || j[key].get<double>() < 0 || j[key].get<double>() > 1)
            return Error{ErrorCode::Invalid, std::string(key) + " must be a number from 0 to 1"};
        out = j[key].get<double>();
        return std::nullopt;
    };
    const auto count = [&](const char *key, auto &out, long long min) -> std::optional<Error> {
        if (!j.contains(key))
            return std::nullopt;
        if (!j[key].is_number_integer() || j[key].get<long long>() < min)
            return Error{ErrorCode::Invalid, std::string(key) + " must be a whole number of at least " + std::to_string(min)};
        out = static_cast<std::remove_reference_t<decltype(out)>>(j[key].get<long long>());
        return std::nullopt;
    };
    for (auto e : {fraction("suffix_threshold", s.suffixThreshold), fraction("suffix_similarity", s.suffixClusters.threshold),
                   fraction("family_similarity", s.families.threshold), fraction("campaign_overlap", s.campaigns.overlapThreshold),
                   fraction("campaign_temporal", s.campaigns.temporalThreshold),
                   fraction("campaign_infrastructure", s.campaigns.infrastructureThreshold)}) {
        if (e)
            return *e;
    }
    long long binSeconds = s.campaigns.bin / 1'000'000;
    long long lifetimeHours = s.auth.maxLifetime / 3'600'000'000, windowMinutes = s.auth.failureWindow / 60'000'000;
    long long speed = static_cast<long long>(s.auth.maxSpeedKmh);
    for (auto e : {count("campaign_bin_seconds", binSeconds, 1), count("token_max_lifetime_hours", lifetimeHours, 1),
                   count("auth_failure_window_minutes", windowMinutes, 1), count("travel_max_kmh", speed, 1), count("campaign_min_accounts", s.campaigns.minAccounts, 2),
                   count("suspend_after_attempts", s.profiles.suspendAfterAttempts, 0),
                   count("suspend_after_violations", s.profiles.suspendAfterViolations, 0)}) {
        if (e)
            return *e;
    }
    s.campaigns.bin = binSeconds * 1'000'000;
    s.auth.maxLifetime = lifetimeHours * 3'600'000'000;
    s.auth.failureWindow = windowMinutes * 60'000'000;
    s.auth.maxSpeedKmh = static_cast<double>(speed);
    if (j.contains("suspend_campaign_members")) {
        if (!j["suspend_campaign_members"].is_boolean())
            return Error{ErrorCode::Invalid, "suspend_campaign_members must be true or false"};
        s.profiles.suspendCampaignMembers = j["suspend_campaign_members"].get<bool>();
    }
    return s;
}

Expected<ForensicSettings> caseSettings(Database &db)
{
    Statement last = db.prepare("SELECT id, settings FROM analyses ORDER BY id DESC LIMIT 1");
    if (!last.step())
        return ForensicSettings{};
    const auto j = nlohmann::json::parse(last.textView(1), nullptr, false);
    auto settings = j.is_object() ? ForensicSettings::fromJson(j)
                                  : Expected<ForensicSettings>(Error{ErrorCode::Invalid, "not a JSON object"});
    if (!settings)
        return Error{ErrorCode::Invalid, "the settings of analysis " + std::to_string(last.int64(0))
                                             + " cannot be read: " + settings.error().message};
    return settings;
}

} // namespace cordon::core::forensics
