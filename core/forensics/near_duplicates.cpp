#include "core/forensics/near_duplicates.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace cordon::core::forensics {
namespace {

/// Members this alike to a kept exemplar add nothing as another exemplar.
constexpr double kExemplarDistinct = 0.9;

} // namespace

NearDuplicateIndex::NearDuplicateIndex(ClusterOptions options)
    : m_options(options), m_hasher(options.hashes, options.shingling)
{
    // Pick rows per band so the LSH curve's midpoint (1/b)^(1/r) sits a little below the
    // threshold: pairs at the threshold become candidates with high probability, and the
    // exact comparison with exemplars decides. More rows mean fewer wasted candidates.
    const int n = m_hasher.hashes();
    const double target = std::max(0.05, m_options.threshold - 0.1);
    m_rows = 1;
    for (int r = 1; r <= n; ++r) {
        const int b = n / r;
        if (b < 1)
            break;
        if (std::pow(1.0 / b, 1.0 / r) <= target)
            m_rows = r;
    }
    m_bands = n / m_rows;
    m_buckets.resize(static_cast<std::size_t>(m_bands));
}

std::uint64_t NearDuplicateIndex::bandKey(const Signature &signature, int band) const
{
    std::uint64_t h = 0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(band + 1);
    for (int r = 0; r < m_rows; ++r) {
        h ^= signature[static_cast<std::size_t>(band * m_rows + r)] + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    }
    return h;
}

void NearDuplicateIndex::indexExemplar(const Signature &signature, std::uint32_t cluster)
{
    for (int b = 0; b < m_bands; ++b)
        m_buckets[static_cast<std::size_t>(b)].try_emplace(bandKey(signature, b), cluster);
}

ClusterAssignment NearDuplicateIndex::add(const Signature &signature)
{
    if (static_cast<int>(signature.size()) != m_hasher.hashes())
        throw std::invalid_argument("a signature of " + std::to_string(signature.size()) + " values, expected "
                                    + std::to_string(m_hasher.hashes()));
    std::vector<std::uint32_t> candidates;
    for (int b = 0; b < m_bands; ++b) {
        const auto &bucket = m_buckets[static_cast<std::size_t>(b)];
        if (auto it = bucket.find(bandKey(signature, b)); it != bucket.end())
            candidates.push_back(it->second);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

    ClusterAssignment best;
    best.similarity = -1;
    for (std::uint32_t c : candidates) {
        for (const Signature &exemplar : m_clusters[c].exemplars) {
            const double s = MinHasher::similarity(signature, exemplar);
            if (s > best.similarity) {
                best.similarity = s;
                best.cluster = c;
            }
        }
    }
    if (best.similarity >= m_options.threshold) {
        NearDuplicateCluster &cluster = m_clusters[best.cluster];
        ++cluster.size;
        if (static_cast<int>(cluster.exemplars.size()) < m_options.maxExemplars) {
            bool distinct = true;
            for (const Signature &e : cluster.exemplars)
                distinct = distinct && MinHasher::similarity(signature, e) < kExemplarDistinct;
            if (distinct) {
                cluster.exemplars.push_back(signature);
                indexExemplar(signature, static_cast<std::uint32_t>(best.cluster));
            }
        }
        return best;
    }
    const std::size_t index = restore({signature}, 1);
    return {index, 1.0, true};
}

std::size_t NearDuplicateIndex::restore(std::vector<Signature> exemplars, std::size_t size)
{
    const auto index = static_cast<std::uint32_t>(m_clusters.size());
    NearDuplicateCluster cluster;
    cluster.size = size;
    // Exemplars stored under another signature size cannot be compared; the cluster keeps
    // its place and size and gathers new exemplars from the members that join it.
    std::erase_if(exemplars, [&](const Signature &e) { return static_cast<int>(e.size()) != m_hasher.hashes(); });
    cluster.exemplars = std::move(exemplars);
    for (const Signature &e : cluster.exemplars)
        indexExemplar(e, index);
    m_clusters.push_back(std::move(cluster));
    return index;
}

} // namespace cordon::core::forensics
