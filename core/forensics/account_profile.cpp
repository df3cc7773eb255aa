#include "core/forensics/account_profile.h"

#include <algorithm>

namespace cordon::core::forensics {

void AccountProfile::count(const EventEvidence &e, TimeUs eventTime)
{
    firstSeen = requests == 0 ? eventTime : std::min(firstSeen, eventTime);
    lastSeen = requests == 0 ? eventTime : std::max(lastSeen, eventTime);
    ++requests;
    jailbreakAttempts += e.jailbreakAttempt;
    successfulJailbreaks += e.successfulJailbreak;
    policyViolations += e.policyViolation;
    flaggedOutputs += e.flaggedOutput;
}

void AccountProfile::assess(const ProfileCriteria &criteria)
{
    reasons.clear();
    // Points per kind of evidence, each capped so one kind alone cannot reach 100: an
    // account needs several kinds of bad behaviour to rank at the top.
    struct Part {
        std::int64_t count;
        double each, cap;
        const char *what;
    };
    const Part parts[] = {
        {jailbreakAttempts, 3, 30, "jailbreak attempts"},
        {successfulJailbreaks, 10, 30, "successful jailbreaks"},
        {policyViolations, 1.5, 15, "policy violations"},
        {flaggedOutputs, 2, 10, "flagged outputs"},
    };
    risk = 0;
    for (const Part &p : parts) {
        if (p.count <= 0)
            continue;
        const double points = std::min(p.cap, p.each * static_cast<double>(p.count));
        risk += points;
        reasons.push_back(std::to_string(p.count) + " " + p.what + " (+" + std::to_string(static_cast<int>(points + 0.5)) + ")");
    }
    if (campaigns > 0) {
        risk += 15;
        reasons.push_back("member of " + std::to_string(campaigns) + (campaigns == 1 ? " campaign" : " campaigns") + " (+15)");
    }
    risk = std::min(100.0, risk);

    suspend = false;
    if (jailbreakAttempts > criteria.suspendAfterAttempts) {
        suspend = true;
        reasons.push_back("suspend: more than " + std::to_string(criteria.suspendAfterAttempts) + " jailbreak attempts");
    }
    if (policyViolations > criteria.suspendAfterViolations) {
        suspend = true;
        reasons.push_back("suspend: more than " + std::to_string(criteria.suspendAfterViolations) + " policy violations");
    }
    if (criteria.suspendCampaignMembers && campaigns > 0) {
        suspend = true;
        reasons.push_back("suspend: takes part in a coordinated campaign");
    }
}

} // namespace cordon::core::forensics
