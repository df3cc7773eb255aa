#include "core/forensics/campaigns.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <unordered_map>

namespace cordon::core::forensics {
namespace {

using Bins = std::map<std::int64_t, double>;

Bins binned(const std::vector<TimeUs> &times, TimeUs width)
{
    Bins bins;
    for (TimeUs t : times)
        bins[t / width] += 1;
    return bins;
}

/// Weighted Jaccard (sum of minima over sum of maxima) of two accounts' cluster use, so an
/// account that borrows one tail from another family still matches its own family's crew.
double weightedJaccard(const std::map<std::int64_t, int> &a, const std::map<std::int64_t, int> &b,
                       std::vector<std::int64_t> &shared)
{
    double lo = 0, hi = 0;
    auto i = a.begin(), j = b.begin();
    while (i != a.end() || j != b.end()) {
        if (j == b.end() || (i != a.end() && i->first < j->first)) {
            hi += i->second;
            ++i;
        } else if (i == a.end() || j->first < i->first) {
            hi += j->second;
            ++j;
        } else {
            lo += std::min(i->second, j->second);
            hi += std::max(i->second, j->second);
            shared.push_back(i->first);
            ++i;
            ++j;
        }
    }
    return hi > 0 ? lo / hi : 0;
}

/// Cosine similarity of binned attack counts: 1 when two accounts attack in the same bins in
/// the same proportions. Uncentred, so it does not depend on how long the case spans.
double temporalCorrelation(const Bins &a, const Bins &b)
{
    double dot = 0, na = 0, nb = 0;
    for (const auto &[bin, x] : a) {
        na += x * x;
        if (auto it = b.find(bin); it != b.end())
            dot += x * it->second;
    }
    for (const auto &[bin, y] : b)
        nb += y * y;
    return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0;
}

bool timingSpeaks(const AccountActivity &a, const Bins &bins, const CampaignOptions &o)
{
    return static_cast<int>(a.attackTimes.size()) >= o.minTemporalEvents
        && static_cast<int>(bins.size()) >= o.minTemporalBins;
}

AccountLink score(const AccountActivity &a, const AccountActivity &b, const Bins &binsA, const Bins &binsB,
                  const CampaignOptions &o, const std::unordered_set<std::string> &common)
{
    AccountLink link;
    // Suffixes and whole prompts are compared separately: attackers sharing a tail send it
    // after different requests, which splits their whole prompts into many families.
    std::vector<std::int64_t> sharedFamilies;
    link.overlap = weightedJaccard(a.suffixClusters, b.suffixClusters, link.sharedClusters);
    const double familyOverlap = weightedJaccard(a.families, b.families, sharedFamilies);
    if (familyOverlap > link.overlap) {
        link.overlap = familyOverlap;
        link.sharedClusters = std::move(sharedFamilies);
    }
    if (timingSpeaks(a, binsA, o) && timingSpeaks(b, binsB, o))
        link.temporal = temporalCorrelation(binsA, binsB);
    std::size_t inA = 0, inB = 0;
    for (const auto &item : a.infrastructure) {
        if (common.count(item))
            continue;
        ++inA;
        if (b.infrastructure.count(item))
            link.sharedInfrastructure.push_back(item);
    }
    for (const auto &item : b.infrastructure)
        inB += common.count(item) == 0;
    const std::size_t unionSize = inA + inB - link.sharedInfrastructure.size();
    link.infrastructure = unionSize ? static_cast<double>(link.sharedInfrastructure.size()) / static_cast<double>(unionSize) : 0;
    link.byOverlap = link.overlap > o.overlapThreshold && static_cast<int>(a.attackTimes.size()) >= o.minOverlapEvents
        && static_cast<int>(b.attackTimes.size()) >= o.minOverlapEvents;
    link.byTemporal = link.temporal > o.temporalThreshold;
    link.byInfrastructure = link.infrastructure > o.infrastructureThreshold;
    return link;
}

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t x)
    {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    }
    void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

} // namespace

AccountLink scorePair(const AccountActivity &a, const AccountActivity &b, const CampaignOptions &options,
                      const std::unordered_set<std::string> &commonItems)
{
    return score(a, b, binned(a.attackTimes, options.bin), binned(b.attackTimes, options.bin), options, commonItems);
}

std::vector<Campaign> findCampaigns(const std::vector<AccountActivity> &accounts, const CampaignOptions &options,
                                    const std::unordered_set<std::string> &commonItems)
{
    const std::size_t n = accounts.size();
    std::vector<Bins> bins;
    bins.reserve(n);
    for (const auto &a : accounts)
        bins.push_back(binned(a.attackTimes, options.bin));

    // Inverted lists: only accounts that share something can score above zero.
    std::unordered_map<std::string, std::vector<std::size_t>> byKey;
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto &[cluster, count] : accounts[i].suffixClusters)
            byKey["c" + std::to_string(cluster)].push_back(i);
        for (const auto &[cluster, count] : accounts[i].families)
            byKey["c" + std::to_string(cluster)].push_back(i);
        for (const auto &item : accounts[i].infrastructure) {
            if (!commonItems.count(item))
                byKey["i" + item].push_back(i);
        }
        if (timingSpeaks(accounts[i], bins[i], options)) {
            for (const auto &[bin, count] : bins[i])
                byKey["t" + std::to_string(bin)].push_back(i);
        }
    }
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (const auto &[key, members] : byKey) {
        for (std::size_t x = 0; x < members.size(); ++x)
            for (std::size_t y = x + 1; y < members.size(); ++y)
                pairs.emplace_back(members[x], members[y]);
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());

    UnionFind groups(n);
    std::vector<AccountLink> links;
    for (const auto &[i, j] : pairs) {
        AccountLink link = score(accounts[i], accounts[j], bins[i], bins[j], options, commonItems);
        if (!(link.byOverlap || link.byTemporal || link.byInfrastructure))
            continue;
        link.a = i;
        link.b = j;
        groups.join(i, j);
        links.push_back(std::move(link));
    }

    std::map<std::size_t, Campaign> byRoot;
    for (std::size_t i = 0; i < n; ++i)
        byRoot[groups.find(i)].accounts.push_back(i);
    for (auto &link : links)
        byRoot[groups.find(link.a)].links.push_back(std::move(link));

    std::vector<Campaign> out;
    for (auto &[root, c] : byRoot) {
        if (static_cast<int>(c.accounts.size()) < std::max(2, options.minAccounts))
            continue;
        bool first = true;
        std::map<std::int64_t, int> clusterUse;
        std::map<std::string, int> itemUse;
        for (std::size_t i : c.accounts) {
            for (TimeUs t : accounts[i].attackTimes) {
                c.firstSeen = first ? t : std::min(c.firstSeen, t);
                c.lastSeen = first ? t : std::max(c.lastSeen, t);
                first = false;
            }
            for (const auto &[cluster, count] : accounts[i].suffixClusters)
                ++clusterUse[cluster];
            for (const auto &[cluster, count] : accounts[i].families)
                ++clusterUse[cluster];
            for (const auto &item : accounts[i].infrastructure) {
                if (!commonItems.count(item))
                    ++itemUse[item];
            }
        }
        for (const auto &[cluster, users] : clusterUse) {
            if (users >= 2)
                c.sharedClusters[cluster] = users;
        }
        for (const auto &[item, users] : itemUse) {
            if (users >= 2)
                c.sharedInfrastructure[item] = users;
        }
        out.push_back(std::move(c));
    }
    // Largest first: the campaign a responder should look at before the others.
    std::stable_sort(out.begin(), out.end(),
                     [](const Campaign &a, const Campaign &b) { return a.accounts.size() > b.accounts.size(); });
    return out;
}

std::vector<std::string> addressItems(const std::string &address)
{
    unsigned char bytes[16];
    if (inet_pton(AF_INET, address.c_str(), bytes) == 1) {
        char net[32];
        std::snprintf(net, sizeof net, "net:%u.%u.%u.0/24", bytes[0], bytes[1], bytes[2]);
        return {"ip:" + address, net};
    }
    if (inet_pton(AF_INET6, address.c_str(), bytes) == 1) {
        char net[48];
        std::snprintf(net, sizeof net, "net:%x:%x:%x::/48", bytes[0] << 8 | bytes[1], bytes[2] << 8 | bytes[3],
                      bytes[4] << 8 | bytes[5]);
        char canonical[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, bytes, canonical, sizeof canonical);
        return {std::string("ip:") + canonical, net};
    }
    return {};
}

} // namespace cordon::core::forensics
