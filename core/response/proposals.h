#pragma once

#include "core/response/actions.h"

#include <set>

namespace cordon::core::response {

/// What forensics and triage suggest, as proposals for the Response page's inbox.
struct ProposalOptions {
    int suspendHours = 24;          ///< how long proposed suspensions last
    int rateLimitPerHour = 10;      ///< the limit proposed for suspicious accounts
    double suspiciousRisk = 40;     ///< risk (0..100) from which an account not meeting the
                                    ///< suspension criteria is rate-limited
    int minClusterAccounts = 2;     ///< a suffix cluster used by this many accounts is blocked
};

/// A suffix cluster as a pattern to block: its representative tail, cut to 200 characters.
struct SuffixPattern {
    std::int64_t cluster = 0;
    std::string pattern;
    std::int64_t prompts = 0, accounts = 0;
};
/// Suffix clusters used by at least `minAccounts` accounts, plus `alsoClusters` (e.g. the ones
/// a campaign shares), largest first.
std::vector<SuffixPattern> suffixPatterns(Database &db, int minAccounts, const std::set<std::int64_t> &alsoClusters = {});

/// From the last forensic analysis: accounts meeting the suspension criteria or in a campaign
/// → suspend; suspicious accounts → rate-limit; suffix clusters shared by accounts → block
/// the pattern. Read-only; most pressing first (campaigns, then profiles, then patterns).
std::vector<ActionProposal> forensicProposals(Database &db, const ProposalOptions &options = {});

/// From an alert's rule and the accounts its events cite (e.g. jailbreak attempts → suspend
/// those accounts, token exhaustion → rate-limit them, JWT bypass → revoke their tokens and
/// rotate the signing key). Empty when the rule suggests nothing Cordon can carry out.
std::vector<ActionProposal> alertProposals(Database &db, std::int64_t alertId, const ProposalOptions &options = {});

/// Files proposals; the same open action is not proposed twice.
struct ProposalRun {
    std::vector<std::int64_t> created, existing;
    std::vector<std::string> refused;   ///< proposals that did not validate, with why
};
ProposalRun proposeAll(Database &db, const Clock &clock, const std::vector<ActionProposal> &proposals,
                       const std::string &proposedBy);

/// What approving each of `ids` would do, before anyone approves: the action as it would be
/// carried out, and why it cannot be approved by `actor` when it cannot.
struct ApprovalPreview {
    std::int64_t id = 0;
    std::string description, connector;
    bool approvable = false;
    std::string refusal;
};
std::vector<ApprovalPreview> previewApprovals(Database &db, const std::vector<std::int64_t> &ids,
                                              const std::string &actor);
/// Approves each of `ids` in turn (each audited on its own); returns the refusals.
std::vector<std::string> approveAll(Database &db, const Clock &clock, const std::vector<std::int64_t> &ids,
                                    const std::string &actor, const std::string &reason = {});

} // namespace cordon::core::response
