#pragma once

#include "core/forensics/minhash.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cordon::core::forensics {

struct ClusterOptions {
    double threshold = 0.6;    ///< estimated Jaccard an item needs with a cluster to join it
    int hashes = 64;           ///< MinHash values per signature
    Shingling shingling;
    int maxExemplars = 8;      ///< diverse members kept per cluster to compare newcomers with
};

/// A group of near-duplicate texts. Exemplar 0 is the representative: the member that
/// founded the cluster. Later exemplars are members unlike the ones already kept, so a
/// cluster whose members drift (a suffix mutating between search steps) still catches
/// newcomers at either end.
struct NearDuplicateCluster {
    std::size_t size = 0;
    std::vector<Signature> exemplars;
};

struct ClusterAssignment {
    std::size_t cluster = 0;   ///< index into clusters()
    double similarity = 1;     ///< estimated Jaccard with the closest exemplar
    bool founded = false;      ///< the item started a new cluster
};

/// Incremental near-duplicate clustering with MinHash and locality-sensitive hashing: each
/// new item is compared only with clusters that share an LSH band with it, never with every
/// item, so adding one costs about the same at a million items as at ten. Single pass and
/// order-dependent by design: items arriving from a live feed join clusters as they come.
class NearDuplicateIndex {
public:
    explicit NearDuplicateIndex(ClusterOptions options = {});

    ClusterAssignment add(std::string_view text) { return add(m_hasher.signature(text)); }
    ClusterAssignment add(const Signature &signature);

    /// Puts back a cluster read from a case, so clustering continues where it stopped.
    std::size_t restore(std::vector<Signature> exemplars, std::size_t size);

    const std::vector<NearDuplicateCluster> &clusters() const { return m_clusters; }
    const MinHasher &hasher() const { return m_hasher; }
    const ClusterOptions &options() const { return m_options; }
    int bands() const { return m_bands; }
    int rowsPerBand() const { return m_rows; }

private:
    void indexExemplar(const Signature &signature, std::uint32_t cluster);
    std::uint64_t bandKey(const Signature &signature, int band) const;

    ClusterOptions m_options;
    MinHasher m_hasher;
    int m_bands = 16, m_rows = 4;
    std::vector<std::unordered_map<std::uint64_t, std::uint32_t>> m_buckets;   ///< per band: key → cluster
    std::vector<NearDuplicateCluster> m_clusters;
};

} // namespace cordon::core::forensics
