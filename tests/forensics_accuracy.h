#pragma once

// Scores forensic results against labels: pairwise precision/recall/F1 and the adjusted
// Rand index of a clustering, and campaign membership against a simulator ground-truth
// sidecar. Shared by the forensics tests (which assert on it) and `cordon-bench forensics`
// (which prints it).
#include "core/store/sqlite.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <sstream>
#include <string>

namespace cordon::test {

struct PairScores {
    double precision = 0, recall = 0, f1 = 0, ari = 0;
    std::size_t items = 0, truthGroups = 0, predictedGroups = 0;
};

/// Pairwise scores of `predicted` against `truth` over the items truth labels. An item
/// with no predicted label is a cluster of its own.
template <typename Item, typename TLabel, typename PLabel>
PairScores pairScores(const std::map<Item, TLabel> &truth, const std::map<Item, PLabel> &predicted)
{
    auto choose2 = [](double n) { return n * (n - 1) / 2; };
    std::map<TLabel, double> t;
    std::map<std::pair<bool, std::string>, double> p;        // (labelled, label or item key)
    std::map<std::pair<TLabel, std::pair<bool, std::string>>, double> joint;
    std::size_t unlabelled = 0;
    for (const auto &[item, label] : truth) {
        std::pair<bool, std::string> key;
        if (auto it = predicted.find(item); it != predicted.end()) {
            std::ostringstream s;
            s << it->second;
            key = {true, s.str()};
        } else {
            key = {false, std::to_string(unlabelled++)};
        }
        t[label] += 1;
        p[key] += 1;
        joint[{label, key}] += 1;
    }
    double sumT = 0, sumP = 0, sumJ = 0;
    for (const auto &[k, n] : t)
        sumT += choose2(n);
    for (const auto &[k, n] : p)
        sumP += choose2(n);
    for (const auto &[k, n] : joint)
        sumJ += choose2(n);
    PairScores s;
    s.items = truth.size();
    s.truthGroups = t.size();
    s.predictedGroups = p.size();
    s.precision = sumP > 0 ? sumJ / sumP : 1;
    s.recall = sumT > 0 ? sumJ / sumT : 1;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
    const double all = choose2(static_cast<double>(truth.size()));
    const double expected = all > 0 ? sumT * sumP / all : 0;
    const double maxIndex = (sumT + sumP) / 2;
    s.ari = maxIndex - expected != 0 ? (sumJ - expected) / (maxIndex - expected) : 1;
    return s;
}

struct CampaignScores {
    double precision = 0, recall = 0;
    std::size_t predicted = 0, truth = 0;
    PairScores suffixFamilies;   ///< suffix clusters against the simulator's suffix families
};

/// Campaign membership at account level (every account in any stored campaign against the
/// accounts of the jailbreak-campaign incident) and suffix-cluster pairwise scores over
/// the events the simulator gave a suffix family.
inline CampaignScores scoreCampaigns(core::Database &db, const nlohmann::json &truth)
{
    CampaignScores out;
    std::set<std::string> truthAccounts;
    std::map<std::string, std::string> familyOf;   // external event id → family
    for (const auto &incident : truth["incidents"]) {
        if (incident["id"] != "jailbreak-campaign")
            continue;
        for (const auto &a : incident["accounts"])
            truthAccounts.insert(a.get<std::string>());
        for (const auto &[family, ids] : incident["suffix_families"].items()) {
            for (const auto &id : ids)
                familyOf[id.get<std::string>()] = family;
        }
    }
    std::set<std::string> predicted;
    core::Statement members = db.prepare(
        "SELECT DISTINCT e.value FROM campaign_accounts c JOIN entities e ON e.id = c.account_id");
    while (members.step())
        predicted.insert(members.text(0));
    std::size_t hits = 0;
    for (const auto &a : predicted)
        hits += truthAccounts.count(a);
    out.predicted = predicted.size();
    out.truth = truthAccounts.size();
    out.precision = predicted.empty() ? (truthAccounts.empty() ? 1 : 0) : static_cast<double>(hits) / predicted.size();
    out.recall = truthAccounts.empty() ? 1 : static_cast<double>(hits) / truthAccounts.size();

    std::map<std::string, std::int64_t> clusterOf;
    core::Statement rows = db.prepare(
        "SELECT e.external_id, m.cluster_id FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id"
        " JOIN events e ON e.id = m.event_id WHERE c.kind = 'suffix' AND e.external_id IS NOT NULL");
    while (rows.step())
        clusterOf[rows.text(0)] = rows.int64(1);
    out.suffixFamilies = pairScores(familyOf, clusterOf);
    return out;
}

} // namespace cordon::test
