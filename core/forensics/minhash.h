#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

/// MinHash signatures: a fixed-size sketch of a text whose agreement with another's
/// estimates the Jaccard similarity of their shingle sets, so near-duplicates are found
/// without comparing texts pairwise.
namespace cordon::core::forensics {

/// How a text is cut into shingles before hashing. Characters suit short, symbol-heavy
/// suffixes; words suit long prompt templates (fewer shingles, robust to small edits).
struct Shingling {
    enum class Unit { Characters, Words };
    Unit unit = Unit::Characters;
    int size = 5;
};

using Signature = std::vector<std::uint32_t>;

class MinHasher {
public:
    /// `hashes` values per signature. The hash family is fixed (not seeded per run) so
    /// signatures stored in a case stay comparable with ones computed later.
    explicit MinHasher(int hashes = 64, Shingling shingling = {});

    /// Signature of the text after lower-casing ASCII and collapsing whitespace. A text
    /// shorter than one shingle is one shingle; an empty text gets an all-max signature.
    Signature signature(std::string_view text) const;

    int hashes() const { return static_cast<int>(m_mul.size()); }
    const Shingling &shingling() const { return m_shingling; }

    /// Share of positions where two signatures agree: the estimated Jaccard similarity.
    static double similarity(const Signature &a, const Signature &b);

private:
    void shingleHashes(std::string_view text, std::vector<std::uint64_t> &out) const;

    Shingling m_shingling;
    std::vector<std::uint64_t> m_mul, m_add;
};

/// 64-bit hash of bytes that does not change between builds or platforms (FNV-1a finished
/// with a 64-bit mixer), for anything stored in a case.
std::uint64_t stableHash(std::string_view bytes, std::uint64_t seed = 0);

} // namespace cordon::core::forensics
